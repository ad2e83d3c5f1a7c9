// The plans as CSV: one row per item (RFC 4180: CRLF line ends, fields quoted when they hold a comma, a
// quote or a line break), written with csv-stringify. Cells that a spreadsheet would run as a formula
// (=, +, -, @ first) are prefixed with a quote (OWASP's CSV injection advice); numbers are left alone.
import { stringify } from "csv-stringify/sync";

export const PLAN_CSV_COLUMNS = [
  "plan_id",
  "plan_title",
  "destination",
  "country_code",
  "plan_start_date",
  "plan_end_date",
  "timezone",
  "currency",
  "day_number",
  "date",
  "position",
  "time_slot",
  "start_time",
  "title",
  "description",
  "place_name",
  "latitude",
  "longitude",
  "estimated_cost",
  "booking_url",
] as const;

export type PlanCsvRow = Record<(typeof PLAN_CSV_COLUMNS)[number], string | null>;

const NUMERIC = /^-?\d+(\.\d+)?$/;
const FORMULA = /^[=+\-@\t\r]/;

function cell(value: string | null): string {
  if (value === null) return "";
  return FORMULA.test(value) && !NUMERIC.test(value) ? `'${value}` : value;
}

const options = { record_delimiter: "windows" as const };

export function csvHeader(): string {
  return stringify([PLAN_CSV_COLUMNS as unknown as string[]], options);
}

export function csvRows(rows: PlanCsvRow[]): string {
  return stringify(rows.map((r) => PLAN_CSV_COLUMNS.map((c) => cell(r[c]))), options);
}
