export type Json = string | number | boolean | null | { [key: string]: Json | undefined } | Json[];

export type Database = {
  "public": {
    Tables: {
      "activity_log": {
        Row: {
          "action": string;
          "actor_id": string | null;
          "created_at": string;
          "details": NonNullable<Json>;
          "entity_id": string | null;
          "entity_type": string | null;
          "id": number;
          "ip": unknown;
          "user_agent": string | null;
          "user_id": string | null;
        };
        ComputedFields: never;
        Insert: {
          "action": string;
          "actor_id"?: string | null;
          "created_at"?: string;
          "details"?: NonNullable<Json>;
          "entity_id"?: string | null;
          "entity_type"?: string | null;
          "id"?: never;
          "ip"?: unknown;
          "user_agent"?: string | null;
          "user_id"?: string | null;
        };
        Update: {
          "action"?: string;
          "actor_id"?: string | null;
          "created_at"?: string;
          "details"?: NonNullable<Json>;
          "entity_id"?: string | null;
          "entity_type"?: string | null;
          "id"?: never;
          "ip"?: unknown;
          "user_agent"?: string | null;
          "user_id"?: string | null;
        };
        Relationships: [];
      };
      "addresses": {
        Row: {
          "city": string;
          "country_code": string;
          "created_at": string;
          "id": string;
          "is_default": boolean;
          "label": string;
          "line1": string;
          "line2": string | null;
          "postal_code": string | null;
          "recipient": string | null;
          "region": string | null;
          "updated_at": string;
          "user_id": string;
        };
        ComputedFields: never;
        Insert: {
          "city": string;
          "country_code": string;
          "created_at"?: string;
          "id"?: string;
          "is_default"?: boolean;
          "label"?: string;
          "line1": string;
          "line2"?: string | null;
          "postal_code"?: string | null;
          "recipient"?: string | null;
          "region"?: string | null;
          "updated_at"?: string;
          "user_id"?: string;
        };
        Update: {
          "city"?: string;
          "country_code"?: string;
          "created_at"?: string;
          "id"?: string;
          "is_default"?: boolean;
          "label"?: string;
          "line1"?: string;
          "line2"?: string | null;
          "postal_code"?: string | null;
          "recipient"?: string | null;
          "region"?: string | null;
          "updated_at"?: string;
          "user_id"?: string;
        };
        Relationships: [];
      };
      "announcements": {
        Row: {
          "audience": Database["public"]["Enums"]["announcement_audience"];
          "body": string;
          "created_at": string;
          "created_by": string | null;
          "ends_at": string | null;
          "id": string;
          "starts_at": string;
          "title": string;
          "updated_at": string;
        };
        ComputedFields: never;
        Insert: {
          "audience"?: Database["public"]["Enums"]["announcement_audience"];
          "body": string;
          "created_at"?: string;
          "created_by"?: string | null;
          "ends_at"?: string | null;
          "id"?: string;
          "starts_at"?: string;
          "title": string;
          "updated_at"?: string;
        };
        Update: {
          "audience"?: Database["public"]["Enums"]["announcement_audience"];
          "body"?: string;
          "created_at"?: string;
          "created_by"?: string | null;
          "ends_at"?: string | null;
          "id"?: string;
          "starts_at"?: string;
          "title"?: string;
          "updated_at"?: string;
        };
        Relationships: [];
      };
      "billing_customers": {
        Row: {
          "created_at": string;
          "provider": string;
          "provider_customer_id": string;
          "user_id": string;
        };
        ComputedFields: never;
        Insert: {
          "created_at"?: string;
          "provider"?: string;
          "provider_customer_id": string;
          "user_id": string;
        };
        Update: {
          "created_at"?: string;
          "provider"?: string;
          "provider_customer_id"?: string;
          "user_id"?: string;
        };
        Relationships: [];
      };
      "booking_status_history": {
        Row: {
          "booking_id": string;
          "cause": string;
          "cause_actor": string | null;
          "cause_event_id": string | null;
          "created_at": string;
          "from_status": Database["public"]["Enums"]["booking_status"] | null;
          "id": number;
          "to_status": Database["public"]["Enums"]["booking_status"];
        };
        ComputedFields: never;
        Insert: {
          "booking_id": string;
          "cause": string;
          "cause_actor"?: string | null;
          "cause_event_id"?: string | null;
          "created_at"?: string;
          "from_status"?: Database["public"]["Enums"]["booking_status"] | null;
          "id"?: never;
          "to_status": Database["public"]["Enums"]["booking_status"];
        };
        Update: {
          "booking_id"?: string;
          "cause"?: string;
          "cause_actor"?: string | null;
          "cause_event_id"?: string | null;
          "created_at"?: string;
          "from_status"?: Database["public"]["Enums"]["booking_status"] | null;
          "id"?: never;
          "to_status"?: Database["public"]["Enums"]["booking_status"];
        };
        Relationships: [
          {
            foreignKeyName: "booking_status_history_booking_id_fkey";
            columns: ["booking_id"];
            isOneToOne: false;
            referencedRelation: "bookings";
            referencedColumns: ["id"];
          },
        ];
      };
      "bookings": {
        Row: {
          "amount_minor": number;
          "created_at": string;
          "currency": string;
          "hold_expires_at": string;
          "id": string;
          "last_payment_error": string | null;
          "offer_id": string;
          "outcome": Database["public"]["Enums"]["booking_outcome"] | null;
          "outcome_key": string | null;
          "paid_minor": number;
          "payment_mode": string | null;
          "plan_id": string | null;
          "plan_item_id": string | null;
          "provider": string;
          "provider_checkout_session_id": string | null;
          "provider_payment_intent_id": string | null;
          "refunded_minor": number;
          "request_key": string | null;
          "seats_held": boolean;
          "status": Database["public"]["Enums"]["booking_status"];
          "travellers": number;
          "unit_amount_minor": number;
          "updated_at": string;
          "user_id": string | null;
        };
        ComputedFields: never;
        Insert: {
          "amount_minor": number;
          "created_at"?: string;
          "currency": string;
          "hold_expires_at": string;
          "id"?: string;
          "last_payment_error"?: string | null;
          "offer_id": string;
          "outcome"?: Database["public"]["Enums"]["booking_outcome"] | null;
          "outcome_key"?: string | null;
          "paid_minor"?: number;
          "payment_mode"?: string | null;
          "plan_id"?: string | null;
          "plan_item_id"?: string | null;
          "provider"?: string;
          "provider_checkout_session_id"?: string | null;
          "provider_payment_intent_id"?: string | null;
          "refunded_minor"?: number;
          "request_key"?: string | null;
          "seats_held"?: boolean;
          "status"?: Database["public"]["Enums"]["booking_status"];
          "travellers": number;
          "unit_amount_minor": number;
          "updated_at"?: string;
          "user_id"?: string | null;
        };
        Update: {
          "amount_minor"?: number;
          "created_at"?: string;
          "currency"?: string;
          "hold_expires_at"?: string;
          "id"?: string;
          "last_payment_error"?: string | null;
          "offer_id"?: string;
          "outcome"?: Database["public"]["Enums"]["booking_outcome"] | null;
          "outcome_key"?: string | null;
          "paid_minor"?: number;
          "payment_mode"?: string | null;
          "plan_id"?: string | null;
          "plan_item_id"?: string | null;
          "provider"?: string;
          "provider_checkout_session_id"?: string | null;
          "provider_payment_intent_id"?: string | null;
          "refunded_minor"?: number;
          "request_key"?: string | null;
          "seats_held"?: boolean;
          "status"?: Database["public"]["Enums"]["booking_status"];
          "travellers"?: number;
          "unit_amount_minor"?: number;
          "updated_at"?: string;
          "user_id"?: string | null;
        };
        Relationships: [
          {
            foreignKeyName: "bookings_currency_fkey";
            columns: ["currency"];
            isOneToOne: false;
            referencedRelation: "currencies";
            referencedColumns: ["code"];
          },
          {
            foreignKeyName: "bookings_offer_id_fkey";
            columns: ["offer_id"];
            isOneToOne: false;
            referencedRelation: "offers";
            referencedColumns: ["id"];
          },
          {
            foreignKeyName: "bookings_plan_id_fkey";
            columns: ["plan_id"];
            isOneToOne: false;
            referencedRelation: "plans";
            referencedColumns: ["id"];
          },
          {
            foreignKeyName: "bookings_plan_item_id_fkey";
            columns: ["plan_item_id"];
            isOneToOne: false;
            referencedRelation: "plan_items";
            referencedColumns: ["id"];
          },
        ];
      };
      "currencies": {
        Row: {
          "code": string;
          "exponent": number;
          "min_amount_minor": number;
        };
        ComputedFields: never;
        Insert: {
          "code": string;
          "exponent": number;
          "min_amount_minor": number;
        };
        Update: {
          "code"?: string;
          "exponent"?: number;
          "min_amount_minor"?: number;
        };
        Relationships: [];
      };
      "email_outbox": {
        Row: {
          "attempts": number;
          "created_at": string;
          "data": NonNullable<Json>;
          "dedupe_key": string;
          "id": string;
          "last_error": string | null;
          "lease_id": string | null;
          "locked_until": string | null;
          "max_attempts": number;
          "next_attempt_at": string;
          "provider_message_id": string | null;
          "sent_at": string | null;
          "status": Database["public"]["Enums"]["email_status"];
          "template": string;
          "to_email": string;
          "updated_at": string;
          "user_id": string | null;
        };
        ComputedFields: never;
        Insert: {
          "attempts"?: number;
          "created_at"?: string;
          "data"?: NonNullable<Json>;
          "dedupe_key": string;
          "id"?: string;
          "last_error"?: string | null;
          "lease_id"?: string | null;
          "locked_until"?: string | null;
          "max_attempts"?: number;
          "next_attempt_at"?: string;
          "provider_message_id"?: string | null;
          "sent_at"?: string | null;
          "status"?: Database["public"]["Enums"]["email_status"];
          "template": string;
          "to_email": string;
          "updated_at"?: string;
          "user_id"?: string | null;
        };
        Update: {
          "attempts"?: number;
          "created_at"?: string;
          "data"?: NonNullable<Json>;
          "dedupe_key"?: string;
          "id"?: string;
          "last_error"?: string | null;
          "lease_id"?: string | null;
          "locked_until"?: string | null;
          "max_attempts"?: number;
          "next_attempt_at"?: string;
          "provider_message_id"?: string | null;
          "sent_at"?: string | null;
          "status"?: Database["public"]["Enums"]["email_status"];
          "template"?: string;
          "to_email"?: string;
          "updated_at"?: string;
          "user_id"?: string | null;
        };
        Relationships: [];
      };
      "feature_flag_overrides": {
        Row: {
          "created_at": string;
          "enabled": boolean;
          "flag_key": string;
          "user_id": string;
        };
        ComputedFields: never;
        Insert: {
          "created_at"?: string;
          "enabled": boolean;
          "flag_key": string;
          "user_id": string;
        };
        Update: {
          "created_at"?: string;
          "enabled"?: boolean;
          "flag_key"?: string;
          "user_id"?: string;
        };
        Relationships: [
          {
            foreignKeyName: "feature_flag_overrides_flag_key_fkey";
            columns: ["flag_key"];
            isOneToOne: false;
            referencedRelation: "feature_flags";
            referencedColumns: ["key"];
          },
        ];
      };
      "feature_flags": {
        Row: {
          "created_at": string;
          "description": string;
          "enabled": boolean;
          "key": string;
          "rollout_percent": number;
          "updated_at": string;
        };
        ComputedFields: never;
        Insert: {
          "created_at"?: string;
          "description"?: string;
          "enabled"?: boolean;
          "key": string;
          "rollout_percent"?: number;
          "updated_at"?: string;
        };
        Update: {
          "created_at"?: string;
          "description"?: string;
          "enabled"?: boolean;
          "key"?: string;
          "rollout_percent"?: number;
          "updated_at"?: string;
        };
        Relationships: [];
      };
      "offers": {
        Row: {
          "active": boolean;
          "available_from": string | null;
          "available_until": string | null;
          "capacity": number | null;
          "created_at": string;
          "created_by": string | null;
          "currency": string;
          "description": string;
          "destination": string;
          "id": string;
          "price_per_traveller_minor": number;
          "seats_taken": number;
          "title": string;
          "updated_at": string;
        };
        ComputedFields: never;
        Insert: {
          "active"?: boolean;
          "available_from"?: string | null;
          "available_until"?: string | null;
          "capacity"?: number | null;
          "created_at"?: string;
          "created_by"?: string | null;
          "currency": string;
          "description"?: string;
          "destination": string;
          "id"?: string;
          "price_per_traveller_minor": number;
          "seats_taken"?: number;
          "title": string;
          "updated_at"?: string;
        };
        Update: {
          "active"?: boolean;
          "available_from"?: string | null;
          "available_until"?: string | null;
          "capacity"?: number | null;
          "created_at"?: string;
          "created_by"?: string | null;
          "currency"?: string;
          "description"?: string;
          "destination"?: string;
          "id"?: string;
          "price_per_traveller_minor"?: number;
          "seats_taken"?: number;
          "title"?: string;
          "updated_at"?: string;
        };
        Relationships: [
          {
            foreignKeyName: "offers_currency_fkey";
            columns: ["currency"];
            isOneToOne: false;
            referencedRelation: "currencies";
            referencedColumns: ["code"];
          },
        ];
      };
      "payment_ledger": {
        Row: {
          "amount_minor": number;
          "booking_id": string | null;
          "charge_ref": string | null;
          "currency": string;
          "event_id": string | null;
          "id": number;
          "kind": Database["public"]["Enums"]["ledger_kind"];
          "occurred_at": string;
          "provider": string;
          "provider_object_id": string;
          "recorded_at": string;
          "subscription_id": string | null;
        };
        ComputedFields: never;
        Insert: {
          "amount_minor": number;
          "booking_id"?: string | null;
          "charge_ref"?: string | null;
          "currency": string;
          "event_id"?: string | null;
          "id"?: never;
          "kind": Database["public"]["Enums"]["ledger_kind"];
          "occurred_at": string;
          "provider": string;
          "provider_object_id": string;
          "recorded_at"?: string;
          "subscription_id"?: string | null;
        };
        Update: {
          "amount_minor"?: number;
          "booking_id"?: string | null;
          "charge_ref"?: string | null;
          "currency"?: string;
          "event_id"?: string | null;
          "id"?: never;
          "kind"?: Database["public"]["Enums"]["ledger_kind"];
          "occurred_at"?: string;
          "provider"?: string;
          "provider_object_id"?: string;
          "recorded_at"?: string;
          "subscription_id"?: string | null;
        };
        Relationships: [
          {
            foreignKeyName: "payment_ledger_booking_id_fkey";
            columns: ["booking_id"];
            isOneToOne: false;
            referencedRelation: "bookings";
            referencedColumns: ["id"];
          },
          {
            foreignKeyName: "payment_ledger_currency_fkey";
            columns: ["currency"];
            isOneToOne: false;
            referencedRelation: "currencies";
            referencedColumns: ["code"];
          },
          {
            foreignKeyName: "payment_ledger_subscription_id_fkey";
            columns: ["subscription_id"];
            isOneToOne: false;
            referencedRelation: "subscriptions";
            referencedColumns: ["id"];
          },
        ];
      };
      "plan_days": {
        Row: {
          "created_at": string;
          "date": string;
          "day_number": number;
          "id": string;
          "plan_id": string;
          "summary": string | null;
          "title": string | null;
        };
        ComputedFields: never;
        Insert: {
          "created_at"?: string;
          "date": string;
          "day_number": number;
          "id"?: string;
          "plan_id": string;
          "summary"?: string | null;
          "title"?: string | null;
        };
        Update: {
          "created_at"?: string;
          "date"?: string;
          "day_number"?: number;
          "id"?: string;
          "plan_id"?: string;
          "summary"?: string | null;
          "title"?: string | null;
        };
        Relationships: [
          {
            foreignKeyName: "plan_days_plan_id_fkey";
            columns: ["plan_id"];
            isOneToOne: false;
            referencedRelation: "plans";
            referencedColumns: ["id"];
          },
        ];
      };
      "plan_generation_jobs": {
        Row: {
          "created_at": string;
          "deadline_at": string;
          "error_code": string | null;
          "error_message": string | null;
          "finished_at": string | null;
          "id": string;
          "model": string | null;
          "plan_id": string | null;
          "provider": string | null;
          "provider_calls_reserved": number;
          "quota_period": string;
          "request": NonNullable<Json>;
          "started_at": string | null;
          "status": Database["public"]["Enums"]["generation_status"];
          "usage": NonNullable<Json>;
          "user_id": string;
        };
        ComputedFields: never;
        Insert: {
          "created_at"?: string;
          "deadline_at": string;
          "error_code"?: string | null;
          "error_message"?: string | null;
          "finished_at"?: string | null;
          "id"?: string;
          "model"?: string | null;
          "plan_id"?: string | null;
          "provider"?: string | null;
          "provider_calls_reserved"?: number;
          "quota_period": string;
          "request": NonNullable<Json>;
          "started_at"?: string | null;
          "status"?: Database["public"]["Enums"]["generation_status"];
          "usage"?: NonNullable<Json>;
          "user_id": string;
        };
        Update: {
          "created_at"?: string;
          "deadline_at"?: string;
          "error_code"?: string | null;
          "error_message"?: string | null;
          "finished_at"?: string | null;
          "id"?: string;
          "model"?: string | null;
          "plan_id"?: string | null;
          "provider"?: string | null;
          "provider_calls_reserved"?: number;
          "quota_period"?: string;
          "request"?: NonNullable<Json>;
          "started_at"?: string | null;
          "status"?: Database["public"]["Enums"]["generation_status"];
          "usage"?: NonNullable<Json>;
          "user_id"?: string;
        };
        Relationships: [
          {
            foreignKeyName: "plan_generation_jobs_plan_id_fkey";
            columns: ["plan_id"];
            isOneToOne: false;
            referencedRelation: "plans";
            referencedColumns: ["id"];
          },
        ];
      };
      "plan_items": {
        Row: {
          "booking_url": string | null;
          "created_at": string;
          "currency": string;
          "day_id": string;
          "description": string | null;
          "estimated_cost": number | null;
          "id": string;
          "latitude": number | null;
          "longitude": number | null;
          "place_name": string | null;
          "plan_id": string;
          "position": number;
          "start_time": string | null;
          "time_slot": Database["public"]["Enums"]["time_slot"];
          "title": string;
          "updated_at": string;
        };
        ComputedFields: never;
        Insert: {
          "booking_url"?: string | null;
          "created_at"?: string;
          "currency"?: string;
          "day_id": string;
          "description"?: string | null;
          "estimated_cost"?: number | null;
          "id"?: string;
          "latitude"?: number | null;
          "longitude"?: number | null;
          "place_name"?: string | null;
          "plan_id": string;
          "position": number;
          "start_time"?: string | null;
          "time_slot": Database["public"]["Enums"]["time_slot"];
          "title": string;
          "updated_at"?: string;
        };
        Update: {
          "booking_url"?: string | null;
          "created_at"?: string;
          "currency"?: string;
          "day_id"?: string;
          "description"?: string | null;
          "estimated_cost"?: number | null;
          "id"?: string;
          "latitude"?: number | null;
          "longitude"?: number | null;
          "place_name"?: string | null;
          "plan_id"?: string;
          "position"?: number;
          "start_time"?: string | null;
          "time_slot"?: Database["public"]["Enums"]["time_slot"];
          "title"?: string;
          "updated_at"?: string;
        };
        Relationships: [
          {
            foreignKeyName: "plan_items_day_id_fkey";
            columns: ["day_id"];
            isOneToOne: false;
            referencedRelation: "plan_days";
            referencedColumns: ["id"];
          },
          {
            foreignKeyName: "plan_items_plan_id_fkey";
            columns: ["plan_id"];
            isOneToOne: false;
            referencedRelation: "plans";
            referencedColumns: ["id"];
          },
        ];
      };
      "plan_private_details": {
        Row: {
          "accessibility_needs": string | null;
          "created_at": string;
          "plan_id": string;
          "request": Json | null;
        };
        ComputedFields: never;
        Insert: {
          "accessibility_needs"?: string | null;
          "created_at"?: string;
          "plan_id": string;
          "request"?: Json | null;
        };
        Update: {
          "accessibility_needs"?: string | null;
          "created_at"?: string;
          "plan_id"?: string;
          "request"?: Json | null;
        };
        Relationships: [
          {
            foreignKeyName: "plan_private_details_plan_id_fkey";
            columns: ["plan_id"];
            isOneToOne: true;
            referencedRelation: "plans";
            referencedColumns: ["id"];
          },
        ];
      };
      "plan_quota_usage": {
        Row: {
          "period": string;
          "provider_calls": number;
          "provider_calls_reserved": number;
          "reserved": number;
          "used": number;
          "user_id": string;
        };
        ComputedFields: never;
        Insert: {
          "period": string;
          "provider_calls"?: number;
          "provider_calls_reserved"?: number;
          "reserved"?: number;
          "used"?: number;
          "user_id": string;
        };
        Update: {
          "period"?: string;
          "provider_calls"?: number;
          "provider_calls_reserved"?: number;
          "reserved"?: number;
          "used"?: number;
          "user_id"?: string;
        };
        Relationships: [];
      };
      "plan_quotas": {
        Row: {
          "description": string;
          "monthly_plans": number;
          "monthly_provider_calls": number;
          "tier": Database["public"]["Enums"]["account_tier"];
        };
        ComputedFields: never;
        Insert: {
          "description"?: string;
          "monthly_plans": number;
          "monthly_provider_calls"?: number;
          "tier": Database["public"]["Enums"]["account_tier"];
        };
        Update: {
          "description"?: string;
          "monthly_plans"?: number;
          "monthly_provider_calls"?: number;
          "tier"?: Database["public"]["Enums"]["account_tier"];
        };
        Relationships: [];
      };
      "plan_shares": {
        Row: {
          "created_at": string;
          "expires_at": string | null;
          "id": string;
          "plan_id": string;
          "revoked_at": string | null;
          "token": string;
        };
        ComputedFields: never;
        Insert: {
          "created_at"?: string;
          "expires_at"?: string | null;
          "id"?: string;
          "plan_id": string;
          "revoked_at"?: string | null;
          "token"?: string;
        };
        Update: {
          "created_at"?: string;
          "expires_at"?: string | null;
          "id"?: string;
          "plan_id"?: string;
          "revoked_at"?: string | null;
          "token"?: string;
        };
        Relationships: [
          {
            foreignKeyName: "plan_shares_plan_id_fkey";
            columns: ["plan_id"];
            isOneToOne: false;
            referencedRelation: "plans";
            referencedColumns: ["id"];
          },
        ];
      };
      "plan_view_counts": {
        Row: {
          "last_viewed_on": string;
          "plan_id": string;
          "views": number;
        };
        ComputedFields: never;
        Insert: {
          "last_viewed_on"?: string;
          "plan_id": string;
          "views"?: number;
        };
        Update: {
          "last_viewed_on"?: string;
          "plan_id"?: string;
          "views"?: number;
        };
        Relationships: [
          {
            foreignKeyName: "plan_view_counts_plan_id_fkey";
            columns: ["plan_id"];
            isOneToOne: true;
            referencedRelation: "plans";
            referencedColumns: ["id"];
          },
        ];
      };
      "plan_views": {
        Row: {
          "plan_id": string;
          "viewed_on": string;
          "viewer_key": string;
        };
        ComputedFields: never;
        Insert: {
          "plan_id": string;
          "viewed_on"?: string;
          "viewer_key": string;
        };
        Update: {
          "plan_id"?: string;
          "viewed_on"?: string;
          "viewer_key"?: string;
        };
        Relationships: [
          {
            foreignKeyName: "plan_views_plan_id_fkey";
            columns: ["plan_id"];
            isOneToOne: false;
            referencedRelation: "plans";
            referencedColumns: ["id"];
          },
        ];
      };
      "plans": {
        Row: {
          "adults": number;
          "budget_amount": number | null;
          "children": number;
          "country_code": string | null;
          "created_at": string;
          "currency": string;
          "deleted_at": string | null;
          "destination": string;
          "end_date": string;
          "id": string;
          "interests": (string)[];
          "language": string;
          "markdown": string | null;
          "owner_active": boolean;
          "pace": string;
          "published_at": string | null;
          "start_date": string;
          "summary": string | null;
          "timezone": string;
          "tips": (string)[];
          "title": string;
          "updated_at": string;
          "user_id": string;
          "visibility": Database["public"]["Enums"]["plan_visibility"];
        };
        ComputedFields: never;
        Insert: {
          "adults"?: number;
          "budget_amount"?: number | null;
          "children"?: number;
          "country_code"?: string | null;
          "created_at"?: string;
          "currency"?: string;
          "deleted_at"?: string | null;
          "destination": string;
          "end_date": string;
          "id"?: string;
          "interests"?: (string)[];
          "language"?: string;
          "markdown"?: string | null;
          "owner_active"?: boolean;
          "pace"?: string;
          "published_at"?: string | null;
          "start_date": string;
          "summary"?: string | null;
          "timezone"?: string;
          "tips"?: (string)[];
          "title": string;
          "updated_at"?: string;
          "user_id"?: string;
          "visibility"?: Database["public"]["Enums"]["plan_visibility"];
        };
        Update: {
          "adults"?: number;
          "budget_amount"?: number | null;
          "children"?: number;
          "country_code"?: string | null;
          "created_at"?: string;
          "currency"?: string;
          "deleted_at"?: string | null;
          "destination"?: string;
          "end_date"?: string;
          "id"?: string;
          "interests"?: (string)[];
          "language"?: string;
          "markdown"?: string | null;
          "owner_active"?: boolean;
          "pace"?: string;
          "published_at"?: string | null;
          "start_date"?: string;
          "summary"?: string | null;
          "timezone"?: string;
          "tips"?: (string)[];
          "title"?: string;
          "updated_at"?: string;
          "user_id"?: string;
          "visibility"?: Database["public"]["Enums"]["plan_visibility"];
        };
        Relationships: [];
      };
      "profiles": {
        Row: {
          "avatar_path": string | null;
          "created_at": string;
          "deleted_at": string | null;
          "display_name": string;
          "home_currency": string;
          "id": string;
          "initials": string | null;
          "locale": string;
          "locked_until": string | null;
          "marketing_consent": boolean;
          "purge_after": string | null;
          "role": Database["public"]["Enums"]["app_role"];
          "suspended_at": string | null;
          "suspended_reason": string | null;
          "tier": Database["public"]["Enums"]["account_tier"];
          "updated_at": string;
        };
        ComputedFields: never;
        Insert: {
          "avatar_path"?: string | null;
          "created_at"?: string;
          "deleted_at"?: string | null;
          "display_name": string;
          "home_currency"?: string;
          "id": string;
          "initials"?: never;
          "locale"?: string;
          "locked_until"?: string | null;
          "marketing_consent"?: boolean;
          "purge_after"?: string | null;
          "role"?: Database["public"]["Enums"]["app_role"];
          "suspended_at"?: string | null;
          "suspended_reason"?: string | null;
          "tier"?: Database["public"]["Enums"]["account_tier"];
          "updated_at"?: string;
        };
        Update: {
          "avatar_path"?: string | null;
          "created_at"?: string;
          "deleted_at"?: string | null;
          "display_name"?: string;
          "home_currency"?: string;
          "id"?: string;
          "initials"?: never;
          "locale"?: string;
          "locked_until"?: string | null;
          "marketing_consent"?: boolean;
          "purge_after"?: string | null;
          "role"?: Database["public"]["Enums"]["app_role"];
          "suspended_at"?: string | null;
          "suspended_reason"?: string | null;
          "tier"?: Database["public"]["Enums"]["account_tier"];
          "updated_at"?: string;
        };
        Relationships: [];
      };
      "subscriptions": {
        Row: {
          "access_revoked_until": string | null;
          "cancel_at_period_end": boolean;
          "canceled_at": string | null;
          "created_at": string;
          "current_period_end": string | null;
          "ended_at": string | null;
          "id": string;
          "past_due_since": string | null;
          "plan_interval": string | null;
          "price_lookup_key": string | null;
          "provider": string;
          "provider_customer_id": string;
          "provider_subscription_id": string;
          "state_key": string;
          "status": string;
          "updated_at": string;
          "user_id": string | null;
        };
        ComputedFields: never;
        Insert: {
          "access_revoked_until"?: string | null;
          "cancel_at_period_end"?: boolean;
          "canceled_at"?: string | null;
          "created_at"?: string;
          "current_period_end"?: string | null;
          "ended_at"?: string | null;
          "id"?: string;
          "past_due_since"?: string | null;
          "plan_interval"?: string | null;
          "price_lookup_key"?: string | null;
          "provider"?: string;
          "provider_customer_id": string;
          "provider_subscription_id": string;
          "state_key": string;
          "status": string;
          "updated_at"?: string;
          "user_id"?: string | null;
        };
        Update: {
          "access_revoked_until"?: string | null;
          "cancel_at_period_end"?: boolean;
          "canceled_at"?: string | null;
          "created_at"?: string;
          "current_period_end"?: string | null;
          "ended_at"?: string | null;
          "id"?: string;
          "past_due_since"?: string | null;
          "plan_interval"?: string | null;
          "price_lookup_key"?: string | null;
          "provider"?: string;
          "provider_customer_id"?: string;
          "provider_subscription_id"?: string;
          "state_key"?: string;
          "status"?: string;
          "updated_at"?: string;
          "user_id"?: string | null;
        };
        Relationships: [];
      };
      "travel_preferences": {
        Row: {
          "accessibility_needs": string | null;
          "budget_level": string;
          "created_at": string;
          "dietary_needs": (string)[];
          "home_airport": string | null;
          "interests": (string)[];
          "pace": string;
          "updated_at": string;
          "user_id": string;
        };
        ComputedFields: never;
        Insert: {
          "accessibility_needs"?: string | null;
          "budget_level"?: string;
          "created_at"?: string;
          "dietary_needs"?: (string)[];
          "home_airport"?: string | null;
          "interests"?: (string)[];
          "pace"?: string;
          "updated_at"?: string;
          "user_id"?: string;
        };
        Update: {
          "accessibility_needs"?: string | null;
          "budget_level"?: string;
          "created_at"?: string;
          "dietary_needs"?: (string)[];
          "home_airport"?: string | null;
          "interests"?: (string)[];
          "pace"?: string;
          "updated_at"?: string;
          "user_id"?: string;
        };
        Relationships: [];
      };
      "user_documents": {
        Row: {
          "document": NonNullable<Json>;
          "updated_at": string;
          "user_id": string;
          "version": number;
        };
        ComputedFields: never;
        Insert: {
          "document"?: NonNullable<Json>;
          "updated_at"?: string;
          "user_id"?: string;
          "version"?: number;
        };
        Update: {
          "document"?: NonNullable<Json>;
          "updated_at"?: string;
          "user_id"?: string;
          "version"?: number;
        };
        Relationships: [];
      };
    };
    Views: {
      [_ in never]: never;
    };
    Functions: {
      "admin_activity_log": {
        Args: { "before_id"?: number; "page_size"?: number; "user_id"?: string };
        Returns: {
          "action": string;
          "actor_id": string | null;
          "created_at": string;
          "details": NonNullable<Json>;
          "entity_id": string | null;
          "entity_type": string | null;
          "id": number;
          "ip": unknown;
          "user_agent": string | null;
          "user_id": string | null;
        }[];
        SetofOptions: {
          from: "*";
          to: "activity_log";
          isOneToOne: false;
          isSetofReturn: true;
        };
      };
      "admin_platform_stats": { Args: Record<PropertyKey, never>; Returns: Json };
      "admin_revenue": { Args: { "months"?: number }; Returns: Json };
      "admin_search_users": {
        Args: { "after_created_at"?: string; "after_id"?: string; "page_size"?: number; "search"?: string };
        Returns: {
          "created_at": string;
          "deleted_at": string;
          "display_name": string;
          "email": string;
          "id": string;
          "last_sign_in_at": string;
          "locked_until": string;
          "role": Database["public"]["Enums"]["app_role"];
          "suspended_at": string;
          "tier": Database["public"]["Enums"]["account_tier"];
        }[];
      };
      "admin_set_suspended": {
        Args: { "reason"?: string; "suspend": boolean; "user_id": string };
        Returns: Json;
      };
      "get_shared_plan": { Args: { "share_token": string }; Returns: Json };
      "is_feature_enabled": { Args: { "flag_key": string }; Returns: boolean };
      "list_my_sessions": {
        Args: Record<PropertyKey, never>;
        Returns: {
          "aal": string;
          "created_at": string;
          "id": string;
          "ip": unknown;
          "is_current": boolean;
          "not_after": string;
          "refreshed_at": string;
          "updated_at": string;
          "user_agent": string;
        }[];
      };
      "list_trashed_plans": {
        Args: Record<PropertyKey, never>;
        Returns: {
          "deleted_at": string;
          "destination": string;
          "end_date": string;
          "id": string;
          "purge_after": string;
          "start_date": string;
          "title": string;
        }[];
      };
      "my_emails": {
        Args: Record<PropertyKey, never>;
        Returns: {
          "created_at": string;
          "id": string;
          "sent_at": string;
          "status": Database["public"]["Enums"]["email_status"];
          "template": string;
          "to_email": string;
        }[];
      };
      "my_plan_stats": { Args: Record<PropertyKey, never>; Returns: Json };
      "my_published_offers": {
        Args: Record<PropertyKey, never>;
        Returns: {
          "active": boolean;
          "available_from": string | null;
          "available_until": string | null;
          "capacity": number | null;
          "created_at": string;
          "created_by": string | null;
          "currency": string;
          "description": string;
          "destination": string;
          "id": string;
          "price_per_traveller_minor": number;
          "seats_taken": number;
          "title": string;
          "updated_at": string;
        }[];
        SetofOptions: {
          from: "*";
          to: "offers";
          isOneToOne: false;
          isSetofReturn: true;
        };
      };
      "public_feed": {
        Args: {
          "after_id"?: string;
          "after_published_at"?: string;
          "destination"?: string;
          "page_size"?: number;
        };
        Returns: {
          "budget_amount": number;
          "country_code": string;
          "creator_display_name": string;
          "currency": string;
          "destination": string;
          "end_date": string;
          "id": string;
          "published_at": string;
          "start_date": string;
          "summary": string;
          "title": string;
          "view_count": number;
        }[];
      };
      "record_plan_view": { Args: { "plan_id": string; "share_token"?: string }; Returns: number };
      "request_account_deletion": { Args: Record<PropertyKey, never>; Returns: string };
      "restore_plan": { Args: { "plan_id": string }; Returns: string };
      "revoke_other_sessions": { Args: Record<PropertyKey, never>; Returns: number };
      "revoke_session": { Args: { "session_id": string }; Returns: boolean };
      "save_user_document": { Args: { "document": Json; "expected_version": number }; Returns: number };
    };
    Enums: {
      "account_tier": "free" | "pro";
      "announcement_audience": "all" | "free" | "pro" | "admins";
      "app_role": "user" | "admin";
      "booking_outcome": "cancelled" | "expired" | "failed";
      "booking_status":
        | "pending"
        | "paid"
        | "partially_refunded"
        | "refunded"
        | "cancelled"
        | "expired"
        | "failed"
        | "disputed";
      "email_status": "pending" | "sending" | "sent" | "dead";
      "generation_status": "queued" | "running" | "succeeded" | "failed";
      "ledger_kind": "charge" | "refund" | "dispute" | "dispute_reversal" | "dispute_lost";
      "plan_visibility": "private" | "unlisted" | "public";
      "time_slot": "morning" | "afternoon" | "evening" | "night";
    };
    CompositeTypes: {
      [_ in never]: never;
    };
  };
};

type DatabaseWithoutInternals = Omit<Database, "__InternalSupabase">;

type DefaultSchema = DatabaseWithoutInternals[Extract<keyof Database, "public">];

export type Tables<
  DefaultSchemaTableNameOrOptions extends
    | keyof (DefaultSchema["Tables"] & DefaultSchema["Views"])
    | { schema: keyof DatabaseWithoutInternals },
  TableName extends DefaultSchemaTableNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals;
  } ? keyof (
      & DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"]
      & DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Views"]
    )
    : never = never,
> = DefaultSchemaTableNameOrOptions extends { schema: keyof DatabaseWithoutInternals } ? (
    & DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"]
    & DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Views"]
  )[TableName] extends {
    Row: infer R;
  } ? R
  : never
  : DefaultSchemaTableNameOrOptions extends keyof (DefaultSchema["Tables"] & DefaultSchema["Views"])
    ? (DefaultSchema["Tables"] & DefaultSchema["Views"])[DefaultSchemaTableNameOrOptions] extends {
      Row: infer R;
    } ? R
    : never
  : never;

export type TablesInsert<
  DefaultSchemaTableNameOrOptions extends
    | keyof DefaultSchema["Tables"]
    | { schema: keyof DatabaseWithoutInternals },
  TableName extends DefaultSchemaTableNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals;
  } ? keyof DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"]
    : never = never,
> = DefaultSchemaTableNameOrOptions extends { schema: keyof DatabaseWithoutInternals }
  ? DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"][TableName] extends {
    Insert: infer I;
  } ? I
  : never
  : DefaultSchemaTableNameOrOptions extends keyof DefaultSchema["Tables"]
    ? DefaultSchema["Tables"][DefaultSchemaTableNameOrOptions] extends {
      Insert: infer I;
    } ? I
    : never
  : never;

export type TablesUpdate<
  DefaultSchemaTableNameOrOptions extends
    | keyof DefaultSchema["Tables"]
    | { schema: keyof DatabaseWithoutInternals },
  TableName extends DefaultSchemaTableNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals;
  } ? keyof DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"]
    : never = never,
> = DefaultSchemaTableNameOrOptions extends { schema: keyof DatabaseWithoutInternals }
  ? DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"][TableName] extends {
    Update: infer U;
  } ? U
  : never
  : DefaultSchemaTableNameOrOptions extends keyof DefaultSchema["Tables"]
    ? DefaultSchema["Tables"][DefaultSchemaTableNameOrOptions] extends {
      Update: infer U;
    } ? U
    : never
  : never;

export type Enums<
  DefaultSchemaEnumNameOrOptions extends
    | keyof DefaultSchema["Enums"]
    | { schema: keyof DatabaseWithoutInternals },
  EnumName extends DefaultSchemaEnumNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals;
  } ? keyof DatabaseWithoutInternals[DefaultSchemaEnumNameOrOptions["schema"]]["Enums"]
    : never = never,
> = DefaultSchemaEnumNameOrOptions extends { schema: keyof DatabaseWithoutInternals }
  ? DatabaseWithoutInternals[DefaultSchemaEnumNameOrOptions["schema"]]["Enums"][EnumName]
  : DefaultSchemaEnumNameOrOptions extends keyof DefaultSchema["Enums"]
    ? DefaultSchema["Enums"][DefaultSchemaEnumNameOrOptions]
  : never;

export type CompositeTypes<
  PublicCompositeTypeNameOrOptions extends
    | keyof DefaultSchema["CompositeTypes"]
    | { schema: keyof DatabaseWithoutInternals },
  CompositeTypeName extends PublicCompositeTypeNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals;
  } ? keyof DatabaseWithoutInternals[PublicCompositeTypeNameOrOptions["schema"]]["CompositeTypes"]
    : never = never,
> = PublicCompositeTypeNameOrOptions extends { schema: keyof DatabaseWithoutInternals }
  ? DatabaseWithoutInternals[PublicCompositeTypeNameOrOptions["schema"]]["CompositeTypes"][CompositeTypeName]
  : PublicCompositeTypeNameOrOptions extends keyof DefaultSchema["CompositeTypes"]
    ? DefaultSchema["CompositeTypes"][PublicCompositeTypeNameOrOptions]
  : never;

export const Constants = {
  "public": {
    Enums: {
      "account_tier": ["free", "pro"],
      "announcement_audience": ["all", "free", "pro", "admins"],
      "app_role": ["user", "admin"],
      "booking_outcome": ["cancelled", "expired", "failed"],
      "booking_status": [
        "pending",
        "paid",
        "partially_refunded",
        "refunded",
        "cancelled",
        "expired",
        "failed",
        "disputed",
      ],
      "email_status": ["pending", "sending", "sent", "dead"],
      "generation_status": ["queued", "running", "succeeded", "failed"],
      "ledger_kind": ["charge", "refund", "dispute", "dispute_reversal", "dispute_lost"],
      "plan_visibility": ["private", "unlisted", "public"],
      "time_slot": ["morning", "afternoon", "evening", "night"],
    },
  },
} as const;
