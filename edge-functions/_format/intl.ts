// Money, date ranges and lists, formatted one way by every rendering (plan Markdown, the offline planner's
// text, emails, the PDF): all through Intl, so "€1,234.50" reads the same in a plan, its Markdown and a
// receipt. Pure; no domain depends on another's formatting.
//
// Locales: money in "en" by default (€1,234.50, $20.00, ¥1,235: the currency's own symbol and exponent),
// dates and lists in British English ("12–16 June 2027", "food, art and wine") as the planner writes them.
// A caller with the plan's language (the PDF) passes it.

const moneyFormats = new Map<string, Intl.NumberFormat>();

function moneyFormat(currency: string, locale: string): Intl.NumberFormat | null {
  const key = `${locale}|${currency}`;
  let format = moneyFormats.get(key);
  if (!format) {
    try {
      format = new Intl.NumberFormat(locale, { style: "currency", currency });
    } catch {
      return null; // a malformed currency code or locale
    }
    moneyFormats.set(key, format);
  }
  return format;
}

/** An amount in major units ("€1,234.50"); "1234.50 XYZ" when Intl cannot format the code. */
export function formatMoney(amount: number, currency: string, locale = "en"): string {
  return moneyFormat(currency, locale)?.format(amount) ?? `${amount.toFixed(2)} ${currency}`;
}

/** Digits after the decimal point of a currency (EUR 2, JPY 0, KWD 3), as Intl knows them. */
export function currencyDigits(currency: string): number {
  return moneyFormat(currency, "en")?.resolvedOptions().maximumFractionDigits ?? 2;
}

/** An amount in minor units (cents; yen; fils), as payment providers count it. */
export function formatMoneyMinor(amountMinor: number, currency: string, locale = "en"): string {
  return formatMoney(amountMinor / 10 ** currencyDigits(currency), currency, locale);
}

const utc = (isoDate: string) => new Date(`${isoDate}T00:00:00Z`);
const rangeFormat = new Intl.DateTimeFormat("en-GB", {
  day: "numeric",
  month: "long",
  year: "numeric",
  timeZone: "UTC",
});
const dayFormat = new Intl.DateTimeFormat("en-GB", {
  weekday: "long",
  day: "numeric",
  month: "long",
  year: "numeric",
  timeZone: "UTC",
});

/** "12–16 June 2027", "28 June – 3 July 2026", "28 December 2026 – 3 January 2027"; one day:
 * "Friday, 12 June 2026". Dates are calendar dates (YYYY-MM-DD), never shifted by a time zone. */
export function formatDateRange(start: string, end: string): string {
  if (start === end) return dayFormat.format(utc(start));
  return rangeFormat.formatRange(utc(start), utc(end));
}

const listFormat = new Intl.ListFormat("en-GB", { style: "long", type: "conjunction" });

/** "food", "food and art", "food, art and wine". */
export function formatList(words: readonly string[]): string {
  return listFormat.format(words);
}
