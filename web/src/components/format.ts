import type { Bilingual } from "../api/client.js";
import { i18n } from "../i18n/index.js";

/** Dates, numbers and délais in the reader's language (French formats by default). */
function locale(): string {
  return i18n.language === "en" ? "en-GB" : "fr-FR";
}

export function formatDate(iso: string | null | undefined): string {
  if (!iso) return "—";
  return new Intl.DateTimeFormat(locale(), { dateStyle: "short" }).format(new Date(iso));
}

export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return "—";
  return new Intl.DateTimeFormat(locale(), { dateStyle: "short", timeStyle: "short" }).format(new Date(iso));
}

export function formatNumber(value: number): string {
  return new Intl.NumberFormat(locale()).format(value);
}

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${formatNumber(bytes)} o`;
  if (bytes < 1024 * 1024) return `${formatNumber(Math.round(bytes / 102.4) / 10)} Ko`;
  return `${formatNumber(Math.round(bytes / 104857.6) / 10)} Mo`;
}

/** "3 j 4 h" since a moment: how long a task has been waiting. */
export function formatWaiting(iso: string, now: Date = new Date()): string {
  const minutes = Math.max(0, Math.round((now.getTime() - new Date(iso).getTime()) / 60000));
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const unitDay = i18n.language === "en" ? "d" : "j";
  if (days > 0) return `${days} ${unitDay} ${hours} h`;
  if (hours > 0) return `${hours} h ${minutes % 60} min`;
  return `${minutes} min`;
}

export type DueState = "late" | "today" | "week" | "later" | "none";

export function dueState(dueAt: string | null, now: Date = new Date()): DueState {
  if (!dueAt) return "none";
  const due = new Date(dueAt);
  if (due.getTime() < now.getTime()) return "late";
  const endOfToday = new Date(now);
  endOfToday.setHours(23, 59, 59, 999);
  if (due <= endOfToday) return "today";
  const inAWeek = new Date(endOfToday.getTime() + 6 * 86_400_000);
  if (due <= inAWeek) return "week";
  return "later";
}

export function bilingual(message: Bilingual | null | undefined): string {
  if (!message) return "";
  return i18n.language === "en" ? message.en : message.fr;
}
