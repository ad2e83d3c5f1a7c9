// Rough units of each currency per euro, as of one date: only to choose a price level and size costs in
// the offline planner, never for payments. tests/unit/exchange-rates.test.ts fails once they are older
// than RATES_MAX_AGE_DAYS: refresh the numbers (any public reference rate will do) and the date together.
import { z } from "zod";

const ratesSchema = z.strictObject({
  /** The day the rates were taken (YYYY-MM-DD). */
  asOf: z.iso.date(),
  base: z.literal("EUR"),
  unitsPerEur: z.record(z.string().regex(/^[A-Z]{3}$/), z.number().positive()),
});

export const EXCHANGE_RATES = ratesSchema.parse({
  asOf: "2026-11-23",
  base: "EUR",
  unitsPerEur: {
    EUR: 1,
    USD: 1.1,
    GBP: 0.85,
    CHF: 0.95,
    JPY: 165,
    CNY: 7.8,
    AUD: 1.65,
    CAD: 1.5,
    NZD: 1.8,
    SEK: 11.5,
    NOK: 11.7,
    DKK: 7.46,
    ISK: 150,
    PLN: 4.3,
    CZK: 25,
    HUF: 400,
    RON: 5,
    BGN: 1.96,
    TRY: 38,
    INR: 92,
    THB: 38,
    VND: 27500,
    IDR: 17500,
    MYR: 4.9,
    SGD: 1.45,
    HKD: 8.5,
    KRW: 1500,
    TWD: 35,
    PHP: 62,
    MXN: 20,
    BRL: 6,
    CLP: 1000,
    COP: 4500,
    PEN: 4.1,
    ZAR: 20,
    EGP: 53,
    MAD: 10.8,
    AED: 4,
    SAR: 4.1,
    ILS: 4,
    RUB: 100,
    UAH: 45,
    KES: 140,
    XAF: 656,
    XOF: 656,
    XPF: 119,
    NGN: 1700,
    GHS: 16,
    TZS: 2900,
    PKR: 300,
    LKR: 330,
    NPR: 147,
    KHR: 4450,
    LAK: 24000,
    GEL: 3,
    RSD: 117,
    BAM: 1.96,
    ALL: 100,
    JOD: 0.78,
    QAR: 4,
    KWD: 0.34,
    OMR: 0.42,
    TND: 3.4,
    CRC: 560,
    DOP: 66,
    UYU: 45,
    FJD: 2.5,
    MUR: 50,
  },
});

/** How old the rates may get before the unit test asks for fresh ones. Half a year: the rates only pick a
 * price level (bands twice as wide as each other) and size estimates, so 10-20% drift is harmless, but the
 * high-inflation currencies in the table (TRY, NGN, EGP, ARS-like moves) lose that much in about six months. */
export const RATES_MAX_AGE_DAYS = 180;

/** Whole days between the rates' date and `now`. */
export function ratesAgeDays(now: Date): number {
  return Math.floor((now.getTime() - Date.parse(`${EXCHANGE_RATES.asOf}T00:00:00Z`)) / 86_400_000);
}

/** Units of `currency` per euro, or null for a currency without a rate. */
export function unitsPerEur(currency: string): number | null {
  return Object.hasOwn(EXCHANGE_RATES.unitsPerEur, currency) ? EXCHANGE_RATES.unitsPerEur[currency] : null;
}
