export {
  addBusinessDays,
  addCalendarDays,
  addCalendarMonths,
  addWorkingHours,
  businessDaysBetween,
  computeDueDate,
  isLate,
  isWorkingDay,
} from "./deadlines.js";
export { easterSunday } from "./easter.js";
export { type Country, type Holiday, holidaysFor, lunarYearsCovered } from "./holidays.js";
export { type CalendarOptions, type Closure, calendarFor, type WorkingCalendar } from "./workingCalendar.js";
