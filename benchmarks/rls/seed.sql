-- RLS benchmark data set: 10,000 users and ~1,000,000 plan items in a realistic shape. Runs as postgres
-- (not a superuser) on the benchmark's throwaway cluster, after the migrations and supabase/seed.sql:
--
--   psql "$(db_url 54372)" -v ON_ERROR_STOP=1 -f benchmarks/rls/seed.sql [-v users=10000]
--
-- Never run it against a database you care about: it adds 10,000 accounts.
--
-- Shape (defaults):
--   users      10,000 auth users + profiles (10% pro; 1% asked for deletion; 0.5% suspended)
--   plans      ~31,800: 10% of users have none, 89% have 1-5, 1% (power users) have 20-80; created over the
--              last 3 years; 25% public (distinct published_at), 10% unlisted (with a share link), the
--              rest private; 2% soft-deleted; destinations from ~230 cities
--   plan_days  one per day, 2-14 days a plan (~254,000)
--   plan_items 3-5 a day (~1,016,000): title, description, place, coordinates near the city, cost
--   plan_views 0-59 viewers of each public plan (~226,000)
-- 1,000,000 items at 3-5 items a day over 2-14 days is ~31,000 plans (32 items a plan on average), so
-- the plan count follows from the item count and the per-plan shape, not the other way round.
--
-- Set-based throughout (generate_series), about 40 s on 2 CPUs. A fixed random seed keeps the shape the same
-- from run to run (ids are random UUIDs, so the counts that hang on them vary by a few hundred rows).

\if :{?users}
\else
\set users 10000
\endif

\timing on
set client_min_messages = warning;
select setseed(0.4242);

begin;

-- ============================================================================================
-- word lists
-- ============================================================================================

create temp table bench_cities (idx serial primary key, name text, country_code text, lat numeric, lon numeric,
  currency text) on commit drop;
insert into bench_cities (name, country_code, lat, lon, currency) values
  ('Paris', 'FR', 48.857, 2.352, 'EUR'), ('Lyon', 'FR', 45.764, 4.836, 'EUR'), ('Nice', 'FR', 43.710, 7.262, 'EUR'),
  ('Marseille', 'FR', 43.296, 5.370, 'EUR'), ('Bordeaux', 'FR', 44.838, -0.579, 'EUR'),
  ('Strasbourg', 'FR', 48.573, 7.752, 'EUR'), ('Toulouse', 'FR', 43.605, 1.444, 'EUR'),
  ('Berlin', 'DE', 52.520, 13.405, 'EUR'), ('Munich', 'DE', 48.137, 11.575, 'EUR'),
  ('Hamburg', 'DE', 53.551, 9.994, 'EUR'), ('Cologne', 'DE', 50.938, 6.960, 'EUR'),
  ('Frankfurt', 'DE', 50.110, 8.682, 'EUR'), ('Dresden', 'DE', 51.050, 13.738, 'EUR'),
  ('Rome', 'IT', 41.903, 12.496, 'EUR'), ('Florence', 'IT', 43.770, 11.256, 'EUR'),
  ('Venice', 'IT', 45.441, 12.316, 'EUR'), ('Milan', 'IT', 45.464, 9.190, 'EUR'), ('Naples', 'IT', 40.852, 14.268, 'EUR'),
  ('Bologna', 'IT', 44.495, 11.343, 'EUR'), ('Turin', 'IT', 45.070, 7.687, 'EUR'), ('Palermo', 'IT', 38.116, 13.361, 'EUR'),
  ('Verona', 'IT', 45.438, 10.992, 'EUR'), ('Madrid', 'ES', 40.417, -3.704, 'EUR'),
  ('Barcelona', 'ES', 41.385, 2.173, 'EUR'), ('Seville', 'ES', 37.389, -5.984, 'EUR'),
  ('Valencia', 'ES', 39.470, -0.376, 'EUR'), ('Granada', 'ES', 37.177, -3.599, 'EUR'),
  ('Malaga', 'ES', 36.721, -4.421, 'EUR'), ('Bilbao', 'ES', 43.263, -2.935, 'EUR'), ('Palma', 'ES', 39.570, 2.650, 'EUR'),
  ('San Sebastian', 'ES', 43.318, -1.981, 'EUR'), ('Lisbon', 'PT', 38.722, -9.139, 'EUR'),
  ('Porto', 'PT', 41.158, -8.629, 'EUR'), ('Faro', 'PT', 37.019, -7.930, 'EUR'), ('Funchal', 'PT', 32.650, -16.908, 'EUR'),
  ('Amsterdam', 'NL', 52.368, 4.904, 'EUR'), ('Rotterdam', 'NL', 51.924, 4.478, 'EUR'),
  ('Utrecht', 'NL', 52.091, 5.122, 'EUR'), ('Brussels', 'BE', 50.850, 4.352, 'EUR'), ('Bruges', 'BE', 51.209, 3.225, 'EUR'),
  ('Ghent', 'BE', 51.054, 3.717, 'EUR'), ('Antwerp', 'BE', 51.219, 4.402, 'EUR'),
  ('Luxembourg', 'LU', 49.611, 6.130, 'EUR'), ('Vienna', 'AT', 48.208, 16.373, 'EUR'),
  ('Salzburg', 'AT', 47.809, 13.055, 'EUR'), ('Innsbruck', 'AT', 47.269, 11.404, 'EUR'),
  ('Dublin', 'IE', 53.350, -6.260, 'EUR'), ('Galway', 'IE', 53.271, -9.057, 'EUR'), ('Athens', 'GR', 37.984, 23.728, 'EUR'),
  ('Thessaloniki', 'GR', 40.640, 22.944, 'EUR'), ('Santorini', 'GR', 36.393, 25.461, 'EUR'),
  ('Heraklion', 'GR', 35.339, 25.144, 'EUR'), ('Helsinki', 'FI', 60.170, 24.938, 'EUR'),
  ('Tallinn', 'EE', 59.437, 24.754, 'EUR'), ('Riga', 'LV', 56.950, 24.105, 'EUR'), ('Vilnius', 'LT', 54.687, 25.280, 'EUR'),
  ('Ljubljana', 'SI', 46.057, 14.506, 'EUR'), ('Bratislava', 'SK', 48.149, 17.107, 'EUR'),
  ('Valletta', 'MT', 35.899, 14.514, 'EUR'), ('Nicosia', 'CY', 35.186, 33.382, 'EUR'),
  ('Zagreb', 'HR', 45.815, 15.982, 'EUR'), ('Dubrovnik', 'HR', 42.651, 18.094, 'EUR'), ('Split', 'HR', 43.508, 16.440, 'EUR'),
  ('London', 'GB', 51.507, -0.128, 'GBP'), ('Edinburgh', 'GB', 55.953, -3.188, 'GBP'),
  ('Manchester', 'GB', 53.481, -2.243, 'GBP'), ('Liverpool', 'GB', 53.408, -2.992, 'GBP'),
  ('Bath', 'GB', 51.381, -2.359, 'GBP'), ('York', 'GB', 53.960, -1.087, 'GBP'), ('Glasgow', 'GB', 55.864, -4.252, 'GBP'),
  ('Belfast', 'GB', 54.597, -5.930, 'GBP'), ('Oxford', 'GB', 51.752, -1.258, 'GBP'), ('Cardiff', 'GB', 51.481, -3.179, 'GBP'),
  ('Zurich', 'CH', 47.377, 8.542, 'CHF'), ('Geneva', 'CH', 46.204, 6.143, 'CHF'), ('Lucerne', 'CH', 47.050, 8.309, 'CHF'),
  ('Bern', 'CH', 46.948, 7.447, 'CHF'), ('Interlaken', 'CH', 46.686, 7.863, 'CHF'),
  ('Copenhagen', 'DK', 55.676, 12.568, 'DKK'), ('Aarhus', 'DK', 56.163, 10.204, 'DKK'),
  ('Stockholm', 'SE', 59.329, 18.069, 'SEK'), ('Gothenburg', 'SE', 57.709, 11.975, 'SEK'),
  ('Oslo', 'NO', 59.914, 10.752, 'NOK'), ('Bergen', 'NO', 60.392, 5.324, 'NOK'), ('Tromso', 'NO', 69.649, 18.956, 'NOK'),
  ('Reykjavik', 'IS', 64.147, -21.942, 'ISK'), ('Prague', 'CZ', 50.076, 14.438, 'CZK'),
  ('Cesky Krumlov', 'CZ', 48.811, 14.315, 'CZK'), ('Budapest', 'HU', 47.498, 19.040, 'HUF'),
  ('Krakow', 'PL', 50.065, 19.945, 'PLN'), ('Warsaw', 'PL', 52.230, 21.012, 'PLN'), ('Gdansk', 'PL', 54.352, 18.647, 'PLN'),
  ('Wroclaw', 'PL', 51.108, 17.039, 'PLN'), ('Bucharest', 'RO', 44.427, 26.103, 'RON'),
  ('Brasov', 'RO', 45.658, 25.601, 'RON'), ('Sofia', 'BG', 42.698, 23.322, 'BGN'), ('Belgrade', 'RS', 44.787, 20.457, 'RSD'),
  ('Sarajevo', 'BA', 43.856, 18.413, 'BAM'), ('Kotor', 'ME', 42.425, 18.771, 'EUR'), ('Tirana', 'AL', 41.328, 19.819, 'ALL'),
  ('Istanbul', 'TR', 41.008, 28.978, 'TRY'), ('Antalya', 'TR', 36.897, 30.713, 'TRY'),
  ('Goreme', 'TR', 38.643, 34.829, 'TRY'), ('Izmir', 'TR', 38.424, 27.143, 'TRY'),
  ('New York', 'US', 40.713, -74.006, 'USD'), ('San Francisco', 'US', 37.775, -122.419, 'USD'),
  ('Los Angeles', 'US', 34.052, -118.244, 'USD'), ('Chicago', 'US', 41.878, -87.630, 'USD'),
  ('Boston', 'US', 42.360, -71.059, 'USD'), ('Washington', 'US', 38.907, -77.037, 'USD'),
  ('Miami', 'US', 25.762, -80.192, 'USD'), ('New Orleans', 'US', 29.951, -90.072, 'USD'),
  ('Seattle', 'US', 47.606, -122.332, 'USD'), ('Las Vegas', 'US', 36.170, -115.140, 'USD'),
  ('Austin', 'US', 30.267, -97.743, 'USD'), ('Nashville', 'US', 36.163, -86.781, 'USD'),
  ('San Diego', 'US', 32.716, -117.161, 'USD'), ('Honolulu', 'US', 21.307, -157.858, 'USD'),
  ('Denver', 'US', 39.739, -104.990, 'USD'), ('Portland', 'US', 45.515, -122.679, 'USD'),
  ('Philadelphia', 'US', 39.953, -75.165, 'USD'), ('Savannah', 'US', 32.081, -81.091, 'USD'),
  ('Charleston', 'US', 32.777, -79.931, 'USD'), ('Santa Fe', 'US', 35.687, -105.938, 'USD'),
  ('Toronto', 'CA', 43.653, -79.383, 'CAD'), ('Vancouver', 'CA', 49.283, -123.121, 'CAD'),
  ('Montreal', 'CA', 45.502, -73.567, 'CAD'), ('Quebec City', 'CA', 46.814, -71.208, 'CAD'),
  ('Banff', 'CA', 51.178, -115.571, 'CAD'), ('Mexico City', 'MX', 19.433, -99.133, 'MXN'),
  ('Oaxaca', 'MX', 17.073, -96.726, 'MXN'), ('Cancun', 'MX', 21.162, -86.851, 'MXN'), ('Tulum', 'MX', 20.211, -87.465, 'MXN'),
  ('Guadalajara', 'MX', 20.659, -103.350, 'MXN'), ('Havana', 'CU', 23.113, -82.366, 'CUP'),
  ('San Juan', 'PR', 18.466, -66.106, 'USD'), ('Buenos Aires', 'AR', -34.604, -58.382, 'ARS'),
  ('Mendoza', 'AR', -32.890, -68.845, 'ARS'), ('Bariloche', 'AR', -41.134, -71.310, 'ARS'),
  ('Rio de Janeiro', 'BR', -22.907, -43.173, 'BRL'), ('Sao Paulo', 'BR', -23.551, -46.633, 'BRL'),
  ('Salvador', 'BR', -12.978, -38.501, 'BRL'), ('Florianopolis', 'BR', -27.595, -48.548, 'BRL'),
  ('Santiago', 'CL', -33.449, -70.669, 'CLP'), ('Valparaiso', 'CL', -33.047, -71.613, 'CLP'),
  ('Lima', 'PE', -12.046, -77.043, 'PEN'), ('Cusco', 'PE', -13.532, -71.967, 'PEN'),
  ('Arequipa', 'PE', -16.409, -71.537, 'PEN'), ('Bogota', 'CO', 4.711, -74.072, 'COP'),
  ('Cartagena', 'CO', 10.391, -75.479, 'COP'), ('Medellin', 'CO', 6.244, -75.581, 'COP'),
  ('Quito', 'EC', -0.181, -78.468, 'USD'), ('La Paz', 'BO', -16.500, -68.150, 'BOB'),
  ('Montevideo', 'UY', -34.901, -56.164, 'UYU'), ('San Jose', 'CR', 9.928, -84.091, 'CRC'),
  ('Panama City', 'PA', 8.983, -79.517, 'USD'), ('Tokyo', 'JP', 35.676, 139.650, 'JPY'),
  ('Kyoto', 'JP', 35.012, 135.768, 'JPY'), ('Osaka', 'JP', 34.694, 135.502, 'JPY'),
  ('Hiroshima', 'JP', 34.385, 132.455, 'JPY'), ('Sapporo', 'JP', 43.062, 141.354, 'JPY'),
  ('Nara', 'JP', 34.685, 135.805, 'JPY'), ('Seoul', 'KR', 37.567, 126.978, 'KRW'), ('Busan', 'KR', 35.180, 129.076, 'KRW'),
  ('Beijing', 'CN', 39.904, 116.407, 'CNY'), ('Shanghai', 'CN', 31.230, 121.474, 'CNY'),
  ('Xi''an', 'CN', 34.342, 108.940, 'CNY'), ('Hong Kong', 'HK', 22.319, 114.169, 'HKD'),
  ('Taipei', 'TW', 25.033, 121.565, 'TWD'), ('Singapore', 'SG', 1.352, 103.820, 'SGD'),
  ('Bangkok', 'TH', 13.756, 100.502, 'THB'), ('Chiang Mai', 'TH', 18.788, 98.985, 'THB'),
  ('Phuket', 'TH', 7.880, 98.392, 'THB'), ('Hanoi', 'VN', 21.028, 105.834, 'VND'),
  ('Ho Chi Minh City', 'VN', 10.823, 106.630, 'VND'), ('Hoi An', 'VN', 15.880, 108.338, 'VND'),
  ('Siem Reap', 'KH', 13.367, 103.845, 'USD'), ('Luang Prabang', 'LA', 19.886, 102.135, 'LAK'),
  ('Kuala Lumpur', 'MY', 3.139, 101.687, 'MYR'), ('Penang', 'MY', 5.414, 100.329, 'MYR'),
  ('Ubud', 'ID', -8.507, 115.263, 'IDR'), ('Jakarta', 'ID', -6.208, 106.846, 'IDR'),
  ('Yogyakarta', 'ID', -7.797, 110.371, 'IDR'), ('Manila', 'PH', 14.600, 120.984, 'PHP'),
  ('Cebu', 'PH', 10.316, 123.886, 'PHP'), ('Delhi', 'IN', 28.704, 77.102, 'INR'), ('Mumbai', 'IN', 19.076, 72.878, 'INR'),
  ('Jaipur', 'IN', 26.912, 75.787, 'INR'), ('Agra', 'IN', 27.177, 78.008, 'INR'), ('Panaji', 'IN', 15.491, 73.828, 'INR'),
  ('Varanasi', 'IN', 25.318, 82.974, 'INR'), ('Kathmandu', 'NP', 27.717, 85.324, 'NPR'),
  ('Colombo', 'LK', 6.927, 79.861, 'LKR'), ('Male', 'MV', 4.175, 73.509, 'MVR'), ('Dubai', 'AE', 25.205, 55.271, 'AED'),
  ('Abu Dhabi', 'AE', 24.453, 54.377, 'AED'), ('Doha', 'QA', 25.285, 51.531, 'QAR'), ('Muscat', 'OM', 23.588, 58.383, 'OMR'),
  ('Amman', 'JO', 31.954, 35.911, 'JOD'), ('Wadi Musa', 'JO', 30.322, 35.479, 'JOD'),
  ('Jerusalem', 'IL', 31.768, 35.214, 'ILS'), ('Tel Aviv', 'IL', 32.085, 34.782, 'ILS'),
  ('Tbilisi', 'GE', 41.716, 44.783, 'GEL'), ('Yerevan', 'AM', 40.179, 44.499, 'AMD'), ('Baku', 'AZ', 40.409, 49.867, 'AZN'),
  ('Samarkand', 'UZ', 39.627, 66.975, 'UZS'), ('Ulaanbaatar', 'MN', 47.886, 106.906, 'MNT'),
  ('Marrakech', 'MA', 31.629, -7.981, 'MAD'), ('Fes', 'MA', 34.018, -5.008, 'MAD'), ('Cairo', 'EG', 30.044, 31.236, 'EGP'),
  ('Luxor', 'EG', 25.687, 32.640, 'EGP'), ('Cape Town', 'ZA', -33.925, 18.424, 'ZAR'),
  ('Johannesburg', 'ZA', -26.204, 28.047, 'ZAR'), ('Nairobi', 'KE', -1.292, 36.822, 'KES'),
  ('Zanzibar', 'TZ', -6.165, 39.202, 'TZS'), ('Accra', 'GH', 5.604, -0.187, 'GHS'), ('Dakar', 'SN', 14.716, -17.467, 'XOF'),
  ('Tunis', 'TN', 36.806, 10.181, 'TND'), ('Victoria Falls', 'ZW', -17.932, 25.831, 'USD'),
  ('Windhoek', 'NA', -22.560, 17.066, 'NAD'), ('Kigali', 'RW', -1.944, 30.062, 'RWF'),
  ('Sydney', 'AU', -33.869, 151.209, 'AUD'), ('Melbourne', 'AU', -37.814, 144.963, 'AUD'),
  ('Brisbane', 'AU', -27.470, 153.026, 'AUD'), ('Perth', 'AU', -31.951, 115.861, 'AUD'),
  ('Cairns', 'AU', -16.920, 145.771, 'AUD'), ('Hobart', 'AU', -42.882, 147.327, 'AUD'),
  ('Auckland', 'NZ', -36.848, 174.763, 'NZD'), ('Queenstown', 'NZ', -45.031, 168.663, 'NZD'),
  ('Wellington', 'NZ', -41.286, 174.776, 'NZD'), ('Christchurch', 'NZ', -43.532, 172.636, 'NZD'),
  ('Nadi', 'FJ', -17.797, 177.416, 'FJD'), ('Papeete', 'PF', -17.535, -149.569, 'XPF');

create temp table bench_words on commit drop as select
  array['Emma', 'Liam', 'Olivia', 'Noah', 'Ava', 'Lucas', 'Mia', 'Leo', 'Sofia', 'Hugo', 'Chloe', 'Mateo', 'Yuki',
    'Kenji', 'Amara', 'Kwame', 'Priya', 'Arjun', 'Fatima', 'Omar', 'Ingrid', 'Lars', 'Camille', 'Jules', 'Elena',
    'Marco', 'Ana', 'Diego', 'Mei', 'Wei', 'Zara', 'Ethan', 'Nora', 'Felix', 'Alma', 'Ravi', 'Lena', 'Tom'] as first_names,
  array['Martin', 'Garcia', 'Mueller', 'Rossi', 'Silva', 'Tanaka', 'Kim', 'Nguyen', 'Smith', 'Dubois', 'Jansen',
    'Novak', 'Kowalski', 'Andersen', 'Okafor', 'Mensah', 'Patel', 'Sharma', 'Haddad', 'Costa', 'Lopez', 'Berg',
    'Fischer', 'Moreau', 'Ito', 'Chen', 'Wang', 'Ali', 'Johnson', 'Brown', 'Hughes', 'Murphy'] as last_names,
  array['food', 'history', 'art', 'nature', 'nightlife', 'shopping', 'architecture', 'museums', 'hiking', 'beaches',
    'photography', 'wine', 'music', 'local culture', 'markets', 'street food'] as interests,
  array['%1$s days in %2$s', '%2$s weekend getaway', 'Family trip to %2$s', '%2$s food tour',
    'Honeymoon in %2$s', 'Exploring %2$s', '%2$s on a budget', 'Art and history in %2$s', 'Spring in %2$s',
    'First time in %2$s', 'Slow travel: %2$s', 'Best of %2$s in %1$s days'] as plan_titles,
  array['Book the popular restaurants a few days ahead.', 'Buy a transit day pass: it pays off after three rides.',
    'Museums are free on the first Sunday of the month.', 'Carry some cash for the markets.',
    'Start early to beat the crowds at the main sights.', 'Pack comfortable walking shoes.',
    'Tap water is safe to drink; bring a refillable bottle.', 'Most shops close early on Sundays.',
    'Learn a few words of the local language: it opens doors.', 'Check the weather the night before outdoor days.']
    as tips,
  array['Old town and first impressions', 'Museums and galleries', 'Markets and street food', 'A day outdoors',
    'Neighbourhoods off the beaten path', 'Day trip out of town', 'Architecture walk', 'Food and wine',
    'Parks and viewpoints', 'Shopping and slow afternoon', 'History day', 'Local life', 'Waterfront and sunset',
    'Hidden gems'] as day_themes,
  -- activities by time slot: morning, afternoon, evening, night (8 each)
  array[
    ['Breakfast at a neighbourhood cafe', 'Guided walking tour of the old town', 'Visit the cathedral',
      'Explore the national museum', 'Stroll through the botanical garden', 'Coffee and pastries by the river',
      'Browse the flea market', 'Day hike in the hills nearby'],
    ['Lunch at the central market', 'Climb to the viewpoint for the panorama', 'Cooking class with a local chef',
      'Bike ride along the waterfront', 'Afternoon at the art gallery', 'Visit the royal palace',
      'Tour the historic castle', 'Relax at the thermal baths'],
    ['Sunset drinks on a rooftop terrace', 'Dinner at a family-run restaurant', 'Evening concert',
      'Boat trip on the harbour', 'Wine tasting at a local cellar', 'Photo walk at golden hour',
      'Try the local speciality for dinner', 'Evening stroll through the old port'],
    ['Night food market', 'Late-night jazz bar', 'Night tour of the illuminated monuments', 'Cocktails in a speakeasy',
      'Stargazing from the hill', 'Live music in a local pub', 'Late dessert at a famous bakery',
      'Night walk along the river']
  ] as activities,
  array['Central Market', 'Old Town Square', 'National Museum', 'Botanical Garden', 'Cathedral', 'Riverside Promenade',
    'City Park', 'Harbour', 'Castle Hill', 'Royal Palace', 'Art Museum', 'Food Hall', 'Flea Market', 'Viewpoint',
    'Main Boulevard', 'Thermal Baths', 'Jazz Club', 'Rooftop Bar', 'Cooking School', 'Wine Cellar', 'Old Port',
    'History Museum', 'Street Art District', 'Night Market'] as places,
  array['A local favourite, busy at weekends.', 'Allow about two hours; audio guides are available at the entrance.',
    'The queue moves fast if you arrive before opening time.', 'Great views over the rooftops and the river.',
    'Try the seasonal dishes; the menu changes every week.', 'Wheelchair accessible; lifts at the main entrance.',
    'Tickets can be bought online to skip the line.', 'A short walk from the nearest metro station.',
    'Best visited in the late afternoon when the light is softer.', 'Cash only at most of the stalls.',
    'Families with children love the interactive rooms.', 'Reservations recommended for groups of four or more.',
    'The guided version includes stories you will not find in the guidebooks.', 'Dress code: smart casual.',
    'Closed on Mondays; check the opening hours on public holidays.', 'Bring a light jacket for the evening breeze.']
    as sentences;

-- ============================================================================================
-- users and profiles
-- ============================================================================================

create temp table bench_users on commit drop as
select
  n,
  gen_random_uuid() as id,
  now() - (random() * interval '1000 days') as created_at,
  -- plans per user: 10% none, 89% 1-5, 1% power users 20-80
  case when random() < 0.01 then 20 + floor(random() * 61)::int
    when random() < 0.10 then 0
    else 1 + floor(random() * 5)::int end as plan_count,
  w.first_names[1 + floor(random() * cardinality(w.first_names))::int] || ' '
    || w.last_names[1 + floor(random() * cardinality(w.last_names))::int] as display_name
from generate_series(1, :users) as n, bench_words w;

-- One bcrypt hash for everyone (bcrypt per user would take minutes).
select extensions.crypt('bench-password-1', extensions.gen_salt('bf', 4)) as pw_hash \gset

-- The on_auth_user_created trigger creates each profile, as Auth signups do (auth.users is owned by
-- supabase_auth_admin, so postgres could not disable the trigger anyway; 10,000 calls take about a second).
insert into auth.users (
  instance_id, id, aud, role, email, encrypted_password, email_confirmed_at, raw_app_meta_data, raw_user_meta_data,
  created_at, updated_at, last_sign_in_at, confirmation_token, recovery_token, email_change_token_new, email_change
)
select '00000000-0000-0000-0000-000000000000', u.id, 'authenticated', 'authenticated',
  'traveller' || lpad(u.n::text, 5, '0') || '@bench.tripmaster.test', :'pw_hash', u.created_at,
  '{"provider": "email", "providers": ["email"]}'::jsonb, jsonb_build_object('display_name', u.display_name),
  u.created_at, u.created_at, u.created_at + random() * (now() - u.created_at), '', '', '', ''
from bench_users u;

update public.profiles p set
  created_at = u.created_at,
  tier = case when random() < 0.10 then 'pro'::public.account_tier else 'free' end,
  home_currency = (array['EUR', 'EUR', 'USD', 'USD', 'GBP', 'JPY', 'CAD', 'AUD'])[1 + floor(random() * 8)::int],
  locale = (array['en', 'en', 'en', 'fr', 'de', 'es', 'it', 'ja', 'pt-BR'])[1 + floor(random() * 9)::int],
  marketing_consent = random() < 0.3
from bench_users u
where p.id = u.id;

-- 1% asked for their account to be deleted (grace period running), 0.5% are suspended.
update public.profiles p set deleted_at = now() - interval '3 days', purge_after = now() + interval '27 days'
from bench_users u where p.id = u.id and u.n % 100 = 37;
update public.profiles p set suspended_at = now() - interval '10 days', suspended_reason = 'spam'
from bench_users u where p.id = u.id and u.n % 200 = 11;

-- ============================================================================================
-- plans
-- ============================================================================================

-- The activity-logging trigger would add one private.log_activity() call (and activity_log row) per plan,
-- and the publication trigger would stamp every public plan with the same now(): both are off during the
-- bulk load (postgres owns the table), their effects are reproduced set-based below, and they are back on
-- before the transaction commits.
alter table public.plans disable trigger plans_log_changes;
alter table public.plans disable trigger plans_track_publication;

create temp table bench_plans on commit drop as
select
  gen_random_uuid() as id,
  x.user_id, x.city, x.days, x.created_at, x.r_visibility, x.r_deleted, x.user_deleted,
  x.created_at::date + 7 + floor(random() * 180)::int as start_date
from (
  select
    u.id as user_id,
    1 + floor(random() * (select count(*) from bench_cities))::int as city,
    2 + floor(random() * 13)::int as days,
    u.created_at + random() * (now() - u.created_at) as created_at,
    random() as r_visibility,
    random() as r_deleted,
    u.n % 100 = 37 as user_deleted
  from bench_users u, generate_series(1, u.plan_count) as k
) x;
alter table bench_plans add primary key (id);

insert into public.plans (
  id, user_id, title, destination, country_code, start_date, end_date, adults, children, budget_amount, currency,
  interests, pace, language, summary, tips, markdown, visibility, published_at,
  created_at, updated_at, deleted_at
)
select
  p.id, p.user_id, s.title, c.name, c.country_code, p.start_date, p.start_date + p.days - 1,
  1 + floor(random() * 4)::int, case when random() < 0.3 then floor(random() * 3)::int else 0 end,
  case when random() < 0.7 then round((200 + random() * 4800)::numeric, 2) end, c.currency,
  w.interests[1 + h.a % 12 : 2 + h.a % 12 + h.b % 3],
  (array['relaxed', 'moderate', 'moderate', 'packed'])[1 + floor(random() * 4)::int],
  (array['en', 'en', 'en', 'fr', 'de', 'es'])[1 + floor(random() * 6)::int],
  s.summary,
  w.tips[1 + h.b % 8 : 2 + h.b % 8 + h.a % 2],
  '# ' || s.title || E'\n\n' || s.summary || E'\n\n' || repeat('## Highlights' || E'\n\n' || s.summary || E'\n\n',
    1 + floor(random() * 4)::int),
  v.visibility,
  null, -- published_at: set below, distinct for every public plan
  p.created_at, p.created_at + random() * interval '2 days',
  case when v.deleted then p.created_at + random() * (now() - p.created_at) end
from bench_plans p
join bench_cities c on c.idx = p.city
cross join bench_words w
cross join lateral (select abs(hashtext(p.id::text || 'a')) as a, abs(hashtext(p.id::text || 'b')) as b) h
cross join lateral (
  select
    p.user_deleted or p.r_deleted < 0.02 as deleted,
    case when p.user_deleted or p.r_deleted < 0.02 then 'private'::public.plan_visibility
      when p.r_visibility < 0.25 then 'public' when p.r_visibility < 0.35 then 'unlisted'
      else 'private' end as visibility
) v
cross join lateral (
  select
    format(w.plan_titles[1 + (abs(hashtext(p.id::text)) % cardinality(w.plan_titles))], p.days, c.name) as title,
    format('A %s-day trip to %s, %s: %s, with time for %s and a relaxed evening every day.', p.days, c.name,
      c.country_code, w.day_themes[1 + (abs(hashtext(p.id::text)) % 14)],
      lower(w.day_themes[1 + (abs(hashtext(p.id::text || 'x')) % 14)])) as summary
) s;

-- The owner-only details each generated plan has (accessibility needs for a few, the request for all).
insert into public.plan_private_details (plan_id, accessibility_needs, request, created_at)
select p.id, case when random() < 0.05 then 'Step-free access where possible; no long stairs.' end,
  jsonb_build_object('destination', p.destination, 'start_date', p.start_date, 'end_date', p.end_date,
    'pace', p.pace, 'language', p.language),
  p.created_at
from public.plans p;

-- published_at: some time after creation, strictly increasing with it (one microsecond apart at least), so
-- the feed order has no ties.
update public.plans p set published_at = q.published_at
from (
  select id, base + (row_number() over (order by base, id)) * interval '1 microsecond' as published_at
  from (
    select id, least(created_at + random() * interval '3 days', now() - interval '1 minute') as base
    from public.plans
    where visibility = 'public'
  ) b
) q
where p.id = q.id;

-- What plans_log_changes would have written: one plan.created row per plan.
insert into public.activity_log (user_id, action, entity_type, entity_id, details, created_at)
select user_id, 'plan.created', 'plan', id::text, jsonb_build_object('visibility', visibility), created_at
from public.plans
where user_id in (select id from bench_users);

alter table public.plans enable trigger plans_log_changes;
alter table public.plans enable trigger plans_track_publication;

-- ============================================================================================
-- days and items
-- ============================================================================================

insert into public.plan_days (plan_id, day_number, date, title, summary, created_at)
select p.id, d, p.start_date + d - 1,
  'Day ' || d || ': ' || w.day_themes[1 + (abs(hashtext(p.id::text || d)) % 14)],
  'Start slow, then ' || lower(w.day_themes[1 + (abs(hashtext(p.id::text || d || 's')) % 14)])
    || '. Evening free to wander.',
  p.created_at
from bench_plans p
cross join bench_words w
cross join lateral generate_series(1, p.days) as d;

insert into public.plan_items (
  plan_id, day_id, position, time_slot, start_time, title, description, place_name, latitude, longitude,
  estimated_cost, currency, booking_url, created_at, updated_at
)
select
  d.plan_id, d.id, pos,
  (array['morning', 'afternoon', 'evening', 'night']::public.time_slot[])[1 + (pos * 4) / n.items],
  (array[time '08:30', time '13:30', time '18:30', time '21:30'])[1 + (pos * 4) / n.items]
    + (pos % 2) * interval '90 minutes',
  w.activities[1 + (pos * 4) / n.items][1 + floor(random() * 8)::int],
  w.sentences[1 + floor(random() * 16)::int] || ' ' || w.sentences[1 + floor(random() * 16)::int]
    || case when random() < 0.5 then ' ' || w.sentences[1 + floor(random() * 16)::int] else '' end,
  c.name || ' ' || w.places[1 + floor(random() * cardinality(w.places))::int],
  -- 90% of the items have coordinates (both or neither: a check constraint), within ~5 km of the city
  case when n.hash % 10 <> pos then round(c.lat + ((random() - 0.5) * 0.1)::numeric, 6) end,
  case when n.hash % 10 <> pos then round(c.lon + ((random() - 0.5) * 0.1)::numeric, 6) end,
  case when random() < 0.75 then round((random() * 120)::numeric, 2) end,
  c.currency,
  case when random() < 0.2 then 'https://booking.example.com/' || md5(d.id::text || pos) end,
  d.created_at, d.created_at
from public.plan_days d
join bench_plans p on p.id = d.plan_id
join bench_cities c on c.idx = p.city
cross join bench_words w
-- 3-5 items a day, chosen per day (the day's id keeps the lateral call correlated with the day)
cross join lateral (select 3 + abs(hashtext(d.id::text)) % 3 as items, abs(hashtext(d.id::text)) as hash) n
cross join lateral generate_series(0, n.items - 1) as pos;

-- ============================================================================================
-- share links and views
-- ============================================================================================

-- Every unlisted plan has a share link (the insert trigger logs plan.shared: ~3,000 calls, kept on).
insert into public.plan_shares (plan_id, created_at)
select id, created_at + interval '1 hour' from public.plans where visibility = 'unlisted';

-- 0-59 distinct viewers a public plan (the feed shows their count).
insert into public.plan_views (plan_id, viewed_on, viewer_key)
select p.id, (p.published_at + (v % 30) * interval '1 day')::date,
  encode(sha256(convert_to(p.id::text || ':' || v, 'UTF8')), 'hex')
from public.plans p
cross join lateral generate_series(1, abs(hashtext(p.id::text)) % 60) as v
where p.visibility = 'public';

-- The counters record_plan_view keeps with the rows (the feed reads them).
insert into public.plan_view_counts (plan_id, views, last_viewed_on)
select v.plan_id, count(*), max(v.viewed_on) from public.plan_views v group by v.plan_id;

commit;

\timing off
select
  (select count(*) from auth.users) as users,
  (select count(*) from public.plans) as plans,
  (select count(*) from public.plans where visibility = 'public' and deleted_at is null) as public_plans,
  (select count(*) from public.plan_days) as plan_days,
  (select count(*) from public.plan_items) as plan_items,
  (select count(*) from public.plan_views) as plan_views;
\timing on

vacuum analyze public.profiles, public.plans, public.plan_days, public.plan_items, public.plan_shares,
  public.plan_views, public.plan_view_counts, public.activity_log, auth.users;
