// Price levels and cost sizing: how much the traveller's budget buys where they go.

/** Rough price level of a country relative to the euro-area average (1). Unlisted: 1. */
const COUNTRY_PRICE: Record<string, number> = {
  CH: 1.6,
  NO: 1.5,
  IS: 1.5,
  DK: 1.35,
  SE: 1.2,
  FI: 1.2,
  GB: 1.25,
  IE: 1.25,
  LU: 1.3,
  US: 1.3,
  CA: 1.15,
  AU: 1.2,
  NZ: 1.15,
  SG: 1.3,
  HK: 1.2,
  AE: 1.2,
  IL: 1.3,
  NL: 1.15,
  BE: 1.1,
  FR: 1.1,
  AT: 1.1,
  DE: 1.05,
  IT: 1,
  JP: 1,
  ES: 0.9,
  KR: 0.9,
  PT: 0.85,
  GR: 0.85,
  HR: 0.85,
  CZ: 0.75,
  TW: 0.75,
  PL: 0.7,
  HU: 0.7,
  CL: 0.7,
  CN: 0.65,
  MX: 0.6,
  BR: 0.6,
  TR: 0.55,
  AR: 0.55,
  ZA: 0.55,
  KE: 0.55,
  CO: 0.5,
  PE: 0.5,
  TH: 0.5,
  MY: 0.5,
  PH: 0.5,
  MA: 0.5,
  ID: 0.45,
  VN: 0.4,
  EG: 0.4,
  IN: 0.35,
};

export function countryPrice(countryCode: string | undefined): number {
  return (countryCode !== undefined && Object.hasOwn(COUNTRY_PRICE, countryCode))
    ? COUNTRY_PRICE[countryCode]
    : 1;
}

export interface PriceLevel {
  label: string;
  factor: number;
}

export function priceLevel(perPersonPerDay: number | null): PriceLevel {
  if (perPersonPerDay === null) return { label: "mid-range", factor: 1 };
  if (perPersonPerDay < 45) return { label: "shoestring", factor: 0.55 };
  if (perPersonPerDay < 90) return { label: "budget-conscious", factor: 0.75 };
  if (perPersonPerDay < 180) return { label: "mid-range", factor: 1 };
  if (perPersonPerDay < 350) return { label: "comfortable", factor: 1.35 };
  return { label: "luxury", factor: 1.8 };
}

/** Rounds down to two significant figures (37.4 → 37, 412 → 410, 4.37 → 4), never below a cent. */
export function niceFloor(x: number): number {
  if (!(x > 0)) return 0;
  const magnitude = Math.pow(10, Math.floor(Math.log10(x)));
  const step = magnitude >= 10 ? magnitude / 10 : Math.max(0.01, magnitude / 2);
  return Math.round(Math.floor(x / step + 1e-9) * step * 100) / 100;
}
