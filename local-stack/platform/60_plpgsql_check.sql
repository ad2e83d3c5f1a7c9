-- plpgsql_check backs `supabase db lint`; hosted projects can enable it, the CLI expects it to be there.
create extension if not exists plpgsql_check with schema extensions;
