// A small offline gazetteer: destination text ("Lisbon", "lisbon, Portugal", "São Paulo", "New York City")
// → the city with its coordinates, country, timezone and currency, from the `city-timezones` data set
// (~7,300 cities) and `country-to-currency`. No network. Matching ignores case, accents and punctuation;
// several cities of one name are told apart by a ", Country" (or state/province) suffix, else the most
// populous wins. A suffix that names a place none of the candidates is in ("Paris, Texas" when only
// Paris, France is known) gives null rather than a city on the wrong continent.
import cityTimezones from "city-timezones";
import countryToCurrency from "country-to-currency";

export interface Destination {
  city: string;
  country: string;
  /** ISO 3166-1 alpha-2. */
  countryCode: string;
  latitude: number;
  longitude: number;
  /** IANA time zone, e.g. Europe/Lisbon. */
  timezone: string;
  /** ISO 4217 code of the country's currency, when known. */
  currency: string | null;
}

interface CityRow {
  city: string;
  city_ascii: string;
  lat: number;
  lng: number;
  pop: number;
  country: string;
  iso2: unknown;
  iso3: string;
  province: string;
  state_ansi?: string;
  timezone: string | null;
}

interface Entry {
  row: CityRow;
  countryCode: string;
  /** Normalised names that identify the entry's country and region, for suffix matching. */
  qualifiers: Set<string>;
}

/** Rows whose iso2 is missing in the data set (-99 / empty), by iso3. */
const ISO2_BY_ISO3: Record<string, string> = { KOS: "XK", SOL: "SO" };

/** Everyday names of countries that differ from the data set's ("United States of America"). */
const COUNTRY_ALIASES: Record<string, string[]> = {
  US: ["usa", "us", "united states", "america", "the united states"],
  GB: [
    "uk",
    "united kingdom",
    "great britain",
    "britain",
    "england",
    "scotland",
    "wales",
    "northern ireland",
  ],
  AE: ["uae", "emirates"],
  KR: ["korea", "south korea", "republic of korea"],
  KP: ["north korea"],
  CZ: ["czechia", "czech republic"],
  NL: ["holland", "the netherlands"],
  RU: ["russia", "russian federation"],
  VN: ["viet nam"],
  TR: ["turkiye"],
  CI: ["ivory coast"],
  MM: ["burma"],
  CD: ["drc", "dr congo"],
  SZ: ["swaziland"],
  MK: ["macedonia"],
  HK: ["hong kong", "china"],
  MO: ["macao", "macau", "china"],
};

/** Common names the data set spells differently, after normalisation. */
const CITY_ALIASES: Record<string, string> = {
  "nyc": "new york",
  "new york city": "new york",
  "washington": "washington dc",
  "la": "los angeles",
  "sf": "san francisco",
  "rio": "rio de janeiro",
  "saint petersburg": "st petersburg",
  "sankt petersburg": "st petersburg",
  "kiev": "kyiv",
  "bombay": "mumbai",
  "calcutta": "kolkata",
  "madras": "chennai",
  "peking": "beijing",
  "saigon": "ho chi minh city",
  "marrakech": "marrakesh",
  "sevilla": "seville",
  "lisboa": "lisbon",
  "roma": "rome",
  "firenze": "florence",
  "venezia": "venice",
  "napoli": "naples",
  "milano": "milan",
  "munchen": "munich",
  "koln": "cologne",
  "wien": "vienna",
  "praha": "prague",
  "warszawa": "warsaw",
  "bruxelles": "brussels",
  "brugge": "brugge",
  "bruges": "brugge",
  "den haag": "the hague",
  "kobenhavn": "copenhagen",
  "athina": "athens",
  "mexico df": "mexico city",
  "cdmx": "mexico city",
};

/** Lowercase, no accents, punctuation as spaces, "saint" as "st", single spaces. */
export function normalizePlaceName(s: string): string {
  return s
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/ß/g, "ss")
    .replace(/ø/g, "o")
    .replace(/æ/g, "ae")
    .replace(/ł/g, "l")
    .replace(/đ/g, "d")
    .replace(/[.'’`]/g, "")
    .replace(/[^a-z0-9]+/g, " ")
    .replace(/\bsaint\b/g, "st")
    .trim();
}

let index: Map<string, Entry[]> | null = null;
let knownQualifiers: Set<string> | null = null;

/** Built on first use: name → entries, and every country/region name the data set knows. */
function buildIndex(): Map<string, Entry[]> {
  if (index) return index;
  const byName = new Map<string, Entry[]>();
  const qualifiersSeen = new Set<string>();
  const rows = (cityTimezones as unknown as { cityMapping: CityRow[] }).cityMapping;
  for (const row of rows) {
    if (!row.timezone || typeof row.lat !== "number" || typeof row.lng !== "number") continue;
    const iso2 = typeof row.iso2 === "string" && /^[A-Z]{2}$/.test(row.iso2)
      ? row.iso2
      : ISO2_BY_ISO3[row.iso3];
    if (!iso2) continue;
    const qualifiers = new Set<string>(
      [row.country, row.province, row.state_ansi ?? "", iso2, row.iso3, ...(COUNTRY_ALIASES[iso2] ?? [])]
        .map((q) => normalizePlaceName(String(q)))
        .filter((q) => q.length > 0),
    );
    for (const q of qualifiers) qualifiersSeen.add(q);
    const entry: Entry = { row, countryCode: iso2, qualifiers };
    for (const name of new Set([normalizePlaceName(row.city), normalizePlaceName(row.city_ascii)])) {
      if (!name) continue;
      const list = byName.get(name);
      if (list) list.push(entry);
      else byName.set(name, [entry]);
    }
  }
  index = byName;
  knownQualifiers = qualifiersSeen;
  return byName;
}

function candidatesFor(name: string): Entry[] {
  const idx = buildIndex();
  const direct = idx.get(name);
  if (direct) return direct;
  const alias = CITY_ALIASES[name];
  if (alias && idx.get(alias)) return idx.get(alias)!;
  // "Ho Chi Minh" / "Mexico" + " City" both ways.
  const withoutCity = name.replace(/ city$/, "");
  if (withoutCity !== name && idx.get(withoutCity)) return idx.get(withoutCity)!;
  if (idx.get(`${name} city`)) return idx.get(`${name} city`)!;
  return [];
}

/** Picks among same-name cities: one in the place a suffix names, else the most populous. Null when the
 * suffix names a known country/region that none of them is in. */
function choose(candidates: Entry[], qualifiers: string[]): Entry | null {
  if (candidates.length === 0) return null;
  const byPopulation = [...candidates].sort((a, b) =>
    (Number(b.row.pop) || 0) - (Number(a.row.pop) || 0) || a.row.city.localeCompare(b.row.city)
  );
  const known = knownQualifiers!;
  const meaningful = qualifiers.filter((q) => known.has(q));
  if (meaningful.length === 0) return byPopulation[0];
  const scored = byPopulation
    .map((e) => ({ e, score: meaningful.filter((q) => e.qualifiers.has(q)).length }))
    .filter((s) => s.score > 0);
  if (scored.length === 0) return null;
  const best = Math.max(...scored.map((s) => s.score));
  return scored.find((s) => s.score === best)!.e;
}

function toDestination(e: Entry): Destination {
  const currencies = countryToCurrency as Record<string, string | undefined>;
  return {
    city: e.row.city,
    country: e.row.country,
    countryCode: e.countryCode,
    latitude: e.row.lat,
    longitude: e.row.lng,
    timezone: e.row.timezone!,
    currency: currencies[e.countryCode] ?? null,
  };
}

const cache = new Map<string, Destination | null>();

/** The city a destination names, or null when the gazetteer does not know it. */
export function lookupDestination(name: string): Destination | null {
  if (typeof name !== "string") return null;
  const key = name.trim().slice(0, 200);
  if (cache.has(key)) return cache.get(key)!;
  const result = lookup(key);
  if (cache.size > 1000) cache.clear();
  cache.set(key, result);
  return result;
}

function lookup(input: string): Destination | null {
  const whole = normalizePlaceName(input);
  if (!whole) return null;
  buildIndex();
  // The whole text may itself be a city name ("Washington, D.C.").
  const direct = candidatesFor(whole);
  if (direct.length) {
    const chosen = choose(direct, []);
    return chosen && toDestination(chosen);
  }
  const parts = input.split(/[,;/|()]/).map(normalizePlaceName).filter((p) => p.length > 0);
  if (parts.length > 1) {
    const found = candidatesFor(parts[0]);
    if (found.length) {
      const chosen = choose(found, parts.slice(1));
      return chosen && toDestination(chosen);
    }
    return null;
  }
  // "Lisbon Portugal", "London Ontario": a leading run of words that is a city, when the rest names a place.
  const words = whole.split(" ");
  for (let n = words.length - 1; n >= 1; n--) {
    const rest = words.slice(n).join(" ");
    if (!knownQualifiers!.has(rest)) continue;
    const found = candidatesFor(words.slice(0, n).join(" "));
    if (found.length) {
      const chosen = choose(found, [rest]);
      if (chosen) return toDestination(chosen);
    }
  }
  return null;
}
