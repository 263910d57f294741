import { format } from 'date-fns';
import { TZDate } from '@date-fns/tz';

/** "15 Jul 2025" in the given IANA zone; an unknown zone falls back to UTC rather than throwing. */
export function formatInTimeZone(iso: string, timeZone: string, pattern = 'd MMM yyyy'): string {
  const instant = new Date(iso);
  if (Number.isNaN(instant.getTime())) return iso;
  try {
    return format(new TZDate(instant.getTime(), timeZone), pattern);
  } catch {
    return format(new TZDate(instant.getTime(), 'UTC'), pattern);
  }
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone });
    return true;
  } catch {
    return false;
  }
}
