/** "Tomorrow morning" in the user's own zone: the default snooze (08:00 the next day). */
export function tomorrowMorning(now: number): number {
  const date = new Date(now);
  date.setDate(date.getDate() + 1);
  date.setHours(8, 0, 0, 0);
  return date.getTime();
}
