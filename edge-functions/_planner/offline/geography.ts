// Coordinates of items: each area of a city gets a fixed point near the centre (the same "Old town" for
// every plan of that city), each activity a point near its area's.
import type { Destination } from "../../_geo/gazetteer.ts";
import type { Activity } from "./catalog/schema.ts";
import { hash32 } from "./random.ts";

export const CENTRAL_AREAS = new Set(["Old town", "Historic centre", "City centre", "Market district"]);

/** A fixed point for an area of a city: the same "Old town" for every plan of that city. */
function areaPoint(place: Destination, area: string): { lat: number; lng: number } {
  const h = hash32(`${place.city}|${place.countryCode}|${area}`);
  const bearing = ((h & 0xffff) / 0x10000) * 2 * Math.PI;
  const unit = (h >>> 16) / 0x10000;
  const km = CENTRAL_AREAS.has(area) ? 0.2 + unit * 1.0 : 1.0 + unit * 2.4;
  return offset(place.latitude, place.longitude, km, bearing);
}

function offset(lat: number, lng: number, km: number, bearing: number): { lat: number; lng: number } {
  const dLat = (km * Math.cos(bearing)) / 111.32;
  const cosLat = Math.max(0.1, Math.cos((lat * Math.PI) / 180));
  const dLng = (km * Math.sin(bearing)) / (111.32 * cosLat);
  let newLng = lng + dLng;
  if (newLng > 180) newLng -= 360;
  if (newLng < -180) newLng += 360;
  return { lat: Math.max(-90, Math.min(90, lat + dLat)), lng: newLng };
}

/** Coordinates of an activity: near its area's point (at most ~0.6 km away), stable per place. */
export function coordinates(place: Destination, activity: Activity): { latitude: number; longitude: number } {
  const base = areaPoint(place, activity.area);
  const h = hash32(`${place.city}|${activity.id}|${activity.place}`);
  const bearing = ((h & 0xffff) / 0x10000) * 2 * Math.PI;
  const km = 0.05 + ((h >>> 16) / 0x10000) * 0.55;
  const p = offset(base.lat, base.lng, km, bearing);
  return { latitude: Math.round(p.lat * 1e5) / 1e5, longitude: Math.round(p.lng * 1e5) / 1e5 };
}
