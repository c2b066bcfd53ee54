export {
  addBusinessDays,
  addCalendarDays,
  addCalendarMonths,
  addWorkingHours,
  businessDaysBetween,
  computeDueDate,
  type Deadline,
  isLate,
  isWorkingDay,
} from "./deadlines.js";
export { easterSunday } from "./easter.js";
export { type Country, countries, type Holiday, holidaysFor, lunarYearsCovered } from "./holidays.js";
export type { LocalDate } from "./localDate.js";
export {
  type CalendarOptions,
  type Closure,
  calendarFor,
  type WorkingCalendar,
  type WorkingPeriod,
} from "./workingCalendar.js";
