// Text helpers of the offline planner: templates, names and lengths. Dates, lists and money go through
// _format/intl.ts.
import { type Destination, normalizePlaceName } from "../../_geo/gazetteer.ts";

export const NUMBER_WORDS = ["No", "One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight"];

export const addDays = (date: string, n: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

export const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** Collapses runs of white space (keeping Intl's no-break and thin spaces: "XYZ 75.00", "12 – 16") and
 * cuts to `max` characters with an ellipsis. */
export function clamp(text: string, max: number): string {
  const clean = text.replace(/[^\S\u00a0\u2009\u202f]+/g, " ").trim();
  return clean.length <= max ? clean : `${clean.slice(0, max - 1).trimEnd()}…`;
}

export const lowerFirst = (s: string, keep?: string) =>
  keep && s.startsWith(keep) ? s : s.charAt(0).toLowerCase() + s.slice(1);

function possessive(name: string): string {
  return /s$/i.test(name) ? `${name}'` : `${name}'s`;
}

/** Fills a catalog template: {city} is the destination, {city's} its possessive. */
export function fill(template: string, city: string): string {
  return template.replaceAll("{city's}", possessive(city)).replaceAll("{city}", city);
}

/** "the dolomites" → "The Dolomites"; anything with capitals is left as typed. */
export function titleCase(text: string): string {
  return text === text.toLowerCase()
    ? text.replace(/(^|[\s-])(\p{L})/gu, (_, sep: string, ch: string) => sep + ch.toUpperCase())
    : text;
}

/** The name used in titles: the gazetteer's city (or the traveller's accented spelling of it), else the
 * first part of what they typed. */
export function displayName(destination: string, place: Destination | null): string {
  const typed = destination.split(",")[0].trim() || destination.trim();
  if (place) {
    const sameCity = normalizePlaceName(typed) === normalizePlaceName(place.city);
    const accented = [...typed].some((ch) => ch.charCodeAt(0) > 127);
    if (sameCity && accented && typed[0] === typed[0].toUpperCase()) return typed;
    return place.city;
  }
  return clamp(titleCase(typed), 80);
}
