// @tripmaster/client: the typed way for frontends to talk to the TripMaster backend.
//   const supabase = createTripMasterClient(url, anonKey)   // supabase-js typed with our Database
//   const api = createFunctionsClient({ url, anonKey, accessToken })   // our Edge Functions
//   const { data, error } = await listMyPlans(supabase)    // Data API helpers: { data, error }, never throw
import { createClient, type SupabaseClientOptions } from "@supabase/supabase-js";
import type { Database } from "./database.types.ts";

export type { Database, Json, Tables, TablesInsert, TablesUpdate } from "./database.types.ts";
export * from "./auth.ts";
export * from "./data.ts";
export * from "./errors.ts";
export * from "./functions.ts";
export * from "./plans.ts";
export type {
  Booking,
  BookingResult,
  CancelDeletionResult,
  CreateBookingRequest,
  CreateBookingResult,
  ErrorBody,
  Issue,
  RefundRequest,
  RefundResult,
} from "../../edge-functions/_contract/index.ts";

export type Profile = Database["public"]["Tables"]["profiles"]["Row"];
/** The profile columns a user may change (the column-level update grant in the profiles migration). */
export type ProfileUpdate = Pick<
  Database["public"]["Tables"]["profiles"]["Update"],
  "display_name" | "avatar_path" | "locale" | "home_currency" | "marketing_consent"
>;

export function createTripMasterClient(
  url: string,
  anonKey: string,
  options?: SupabaseClientOptions<"public">,
) {
  return createClient<Database>(url, anonKey, options);
}
