// Which file of the export holds each table that references a user, or why a table is left out. The
// completeness test (tests/integration/export-completeness.test.ts) lists from the catalog every table and
// view of the project's schemas that references a user (directly or through other tables) and fails when
// one is missing here: a new table must be added to the export, or excluded with a reason, on purpose.

export type Coverage = { file: string } | { excluded: string };

export const EXPORT_COVERAGE: Record<string, Coverage> = {
  "public.profiles": { file: "profile.json" },
  "public.addresses": { file: "addresses.json" },
  "public.travel_preferences": { file: "travel_preferences.json" },
  "public.plans": { file: "plans.json" },
  "public.plan_days": { file: "plans.json" },
  "public.plan_items": { file: "plans.json" },
  "public.plan_private_details": { file: "plan_private_details.json" },
  "public.plan_shares": { file: "plan_shares.json" },
  "public.plan_views": { file: "plan_views.json" },
  "public.user_documents": { file: "sync_document.json" },
  "public.plan_generation_jobs": { file: "generation_jobs.json" },
  "public.plan_quota_usage": { file: "quota_usage.json" },
  "public.activity_log": { file: "activity_log.json" },
  "public.email_outbox": { file: "emails.json" },
  "public.feature_flag_overrides": { file: "feature_flag_overrides.json" },
  "public.announcements": { file: "announcements.json" },
  "public.plan_view_counts": { file: "plan_views.json" },
  "public.bookings": { file: "bookings.json" },
  "public.payment_ledger": { file: "payments.json" },
  "public.booking_status_history": { file: "booking_history.json" },
  "public.offers": { file: "offers.json" },
  "public.subscriptions": { file: "subscriptions.json" },
  "public.billing_customers": { file: "billing_customer.json" },
  "private.sign_in_devices": {
    excluded: "SHA-256 of device tokens (secrets) with their dates; the sign-ins are in activity_log.json",
  },
  "private.sign_in_locks": {
    excluded: "sign-in lock state, kept at most 30 minutes; locks and unlocks are in the activity log",
  },
  "private.sign_in_tickets": { excluded: "one-time sign-in tickets, valid 60 seconds; no content" },
  "private.unlock_tokens": {
    excluded: "SHA-256 of a secret unlock link; the email that carried it is listed in emails.json",
  },
  "private.rate_limit_hits": { excluded: "per-minute request counters, kept one hour; no content" },
  "private.account_deletion_cancel_tokens": {
    excluded: "sha256 of a secret link; the email that carried it is listed in emails.json",
  },
  "private.data_exports": {
    excluded: "time of the last export (rate limit); each export is in the activity log",
  },
};

/** The files of an export, in the order they are written. */
export const EXPORT_FILES = [
  "README.txt",
  "account.json",
  "profile.json",
  "addresses.json",
  "travel_preferences.json",
  "sync_document.json",
  "plans.json",
  "plans.csv",
  "plan_private_details.json",
  "plan_shares.json",
  "plan_views.json",
  "trash.json",
  "generation_jobs.json",
  "quota_usage.json",
  "activity_log.json",
  "emails.json",
  "sessions.json",
  "feature_flag_overrides.json",
  "announcements.json",
  "bookings.json",
  "payments.json",
  "booking_history.json",
  "offers.json",
  "subscriptions.json",
  "billing_customer.json",
  "avatar_files.json",
] as const;
