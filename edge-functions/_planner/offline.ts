// The offline planner: builds a real plan from the request with no network and no model, so the local
// stack, CI and demos work without a provider key. Pure and deterministic: the only randomness is a PRNG
// seeded from a hash of the request, so the same request always gives the same plan.
//
// How a plan is put together: one day per date; each day gets slots by pace (arrival and departure days
// lighter); morning/afternoon slots take activities from a built-in catalog keyed by interest (rotating
// through the traveller's interests, never repeating one while the catalog has unused ones), evenings a
// dinner, nights (packed pace, adults only) something late. Costs come from per-activity base prices,
// scaled by party size, a price level read from the budget per person per day, a rough country price
// factor and a rough exchange rate, then scaled down to stay within 90% of the budget. When the gazetteer
// knows the destination, items get coordinates within ~4 km of the centre, grouped by area.
import { type Destination, lookupDestination, normalizePlaceName } from "../_geo/gazetteer.ts";
import { type GenerateOptions, type PlanProvider, PlanProviderError } from "./providers/provider.ts";
import { type GeneratedPlan, type GenerateRequest, type PlanItem, tripDays } from "./schema.ts";

export const OFFLINE_MODEL = "tripmaster-offline-1";

// ---------------------------------------------------------------------------------------------------------
// Interests

export const OFFLINE_INTERESTS = [
  "food",
  "history",
  "art",
  "museums",
  "nature",
  "hiking",
  "beaches",
  "nightlife",
  "shopping",
  "architecture",
  "music",
  "photography",
  "family",
  "wellness",
  "markets",
  "wine",
] as const;
type Interest = typeof OFFLINE_INTERESTS[number];

/** What a traveller might type, after normalisation → the catalog's interests. */
const INTEREST_WORDS: Record<string, Interest[]> = {
  food: ["food"],
  foodie: ["food"],
  foods: ["food"],
  cuisine: ["food"],
  gastronomy: ["food"],
  culinary: ["food"],
  eating: ["food"],
  restaurants: ["food"],
  dining: ["food"],
  cooking: ["food"],
  coffee: ["food"],
  cafes: ["food"],
  history: ["history"],
  historic: ["history"],
  historical: ["history"],
  heritage: ["history"],
  castles: ["history"],
  ancient: ["history"],
  monuments: ["history"],
  culture: ["history", "art", "museums"],
  cultural: ["history", "art", "museums"],
  art: ["art"],
  arts: ["art"],
  galleries: ["art"],
  gallery: ["art"],
  painting: ["art"],
  design: ["art", "architecture"],
  museum: ["museums"],
  museums: ["museums"],
  nature: ["nature"],
  parks: ["nature"],
  park: ["nature"],
  gardens: ["nature"],
  outdoors: ["nature", "hiking"],
  outdoor: ["nature", "hiking"],
  wildlife: ["nature"],
  scenery: ["nature", "photography"],
  hiking: ["hiking"],
  hike: ["hiking"],
  hikes: ["hiking"],
  trekking: ["hiking"],
  walking: ["hiking"],
  trails: ["hiking"],
  beach: ["beaches"],
  beaches: ["beaches"],
  sea: ["beaches"],
  coast: ["beaches"],
  seaside: ["beaches"],
  swimming: ["beaches"],
  surfing: ["beaches"],
  nightlife: ["nightlife"],
  bars: ["nightlife"],
  clubs: ["nightlife"],
  clubbing: ["nightlife"],
  party: ["nightlife"],
  cocktails: ["nightlife"],
  pubs: ["nightlife"],
  shopping: ["shopping"],
  shops: ["shopping"],
  fashion: ["shopping"],
  boutiques: ["shopping"],
  souvenirs: ["shopping"],
  architecture: ["architecture"],
  buildings: ["architecture"],
  churches: ["architecture", "history"],
  cathedrals: ["architecture", "history"],
  palaces: ["architecture", "history"],
  music: ["music"],
  concerts: ["music"],
  concert: ["music"],
  jazz: ["music"],
  opera: ["music"],
  fado: ["music"],
  photography: ["photography"],
  photo: ["photography"],
  photos: ["photography"],
  views: ["photography"],
  viewpoints: ["photography"],
  sunsets: ["photography"],
  instagram: ["photography"],
  family: ["family"],
  kids: ["family"],
  children: ["family"],
  wellness: ["wellness"],
  spa: ["wellness"],
  spas: ["wellness"],
  relaxation: ["wellness"],
  relax: ["wellness"],
  relaxing: ["wellness"],
  yoga: ["wellness"],
  massage: ["wellness"],
  markets: ["markets"],
  market: ["markets"],
  bazaar: ["markets"],
  bazaars: ["markets"],
  wine: ["wine"],
  wines: ["wine"],
  vineyards: ["wine"],
  vineyard: ["wine"],
  winery: ["wine"],
  wineries: ["wine"],
};

/** Used when none of the traveller's interests is known (or none was given). */
const BALANCED: Interest[] = ["history", "food", "architecture", "nature", "art", "markets"];

const INTEREST_LABEL: Record<Interest, string> = {
  food: "food",
  history: "history",
  art: "art",
  museums: "museums",
  nature: "nature",
  hiking: "hiking",
  beaches: "beaches",
  nightlife: "nightlife",
  shopping: "shopping",
  architecture: "architecture",
  music: "music",
  photography: "photography",
  family: "family time",
  wellness: "wellness",
  markets: "markets",
  wine: "wine",
};

function canonicalInterests(raw: readonly string[]): Interest[] {
  const out: Interest[] = [];
  for (const text of raw) {
    const words = normalizePlaceName(text).split(" ").filter(Boolean);
    for (const word of words) {
      for (const interest of INTEREST_WORDS[word] ?? []) if (!out.includes(interest)) out.push(interest);
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// Catalog

type Slot = PlanItem["time_slot"];
/** How an accessibility note is phrased for the item. */
type Kind = "venue" | "walk" | "outdoor" | "meal" | "tour" | "show" | "water";

interface Activity {
  id: string;
  tags: Interest[];
  slots: Slot[];
  /** Part of town, for day titles and for grouping coordinates ("Old town", "Riverside"). */
  area: string;
  /** Templates: {city} is the destination, {city's} its possessive. */
  title: string;
  description: string;
  /** Always starts with "{city} "; without a known destination that prefix is dropped. */
  place: string;
  kind: Kind;
  /** Per adult, in euros at a mid-range price level in an average-priced country. */
  cost: number;
  /** Child price as a share of the adult price (default 0.5). */
  child?: number;
  /** Unsuitable with children (default: suitable). */
  family?: false;
  /** Adults only: never picked when children come along. */
  adultsOnly?: true;
  /** Steep, long or stepped: left out when the traveller has accessibility needs. */
  strenuous?: true;
  /** Price levels it fits (default all). */
  minLevel?: number;
  maxLevel?: number;
  /** Preferred start time when it is the day's first item (an early photo walk). */
  at?: string;
  /** Only in a lunchtime afternoon slot, or only in the late-afternoon one. */
  when?: "lunch" | "late";
}

const DAY: Slot[] = ["morning", "afternoon"];
const AM: Slot[] = ["morning"];
const PM: Slot[] = ["afternoon"];

const ACTIVITIES: Activity[] = [
  // food
  {
    id: "central-market",
    tags: ["food", "markets"],
    slots: AM,
    area: "Market district",
    title: "Morning at the {city} central market",
    description:
      "Browse the stalls while the market is at its liveliest: seasonal produce, cheeses, cured meats and bakeries. Grab breakfast at a counter and pick up snacks for later.",
    place: "{city} Central Market",
    kind: "venue",
    cost: 15,
    at: "09:00",
  },
  {
    id: "food-walk",
    tags: ["food"],
    slots: DAY,
    area: "Old town",
    title: "Guided food tasting walk through {city}",
    description:
      "A small-group walk with a local guide, stopping at family-run places for {city's} signature dishes, snacks and sweets. Come hungry: it doubles as lunch.",
    place: "{city} Old Town",
    kind: "tour",
    cost: 60,
    child: 0.6,
  },
  {
    id: "cooking-class",
    tags: ["food"],
    slots: DAY,
    area: "City centre",
    title: "Hands-on cooking class with local recipes",
    description:
      "Learn two or three regional dishes from a local cook, then sit down to eat what you made. Classes usually include a short market run and the recipes to take home.",
    place: "{city} Cooking School",
    kind: "venue",
    cost: 75,
    child: 0.6,
  },
  {
    id: "street-food-lunch",
    tags: ["food", "markets"],
    slots: PM,
    area: "Local neighbourhoods",
    title: "Street food lunch in a local neighbourhood",
    description:
      "Skip the sit-down lunch and graze instead: stalls, snack bars and hole-in-the-wall counters where locals eat. Cheap, quick and a good way to taste more of {city}.",
    place: "{city} Street Food Quarter",
    kind: "walk",
    cost: 15,
    when: "lunch",
  },
  {
    id: "bakery-hop",
    tags: ["food"],
    slots: AM,
    area: "Old town",
    title: "Bakery and pastry hop",
    description:
      "Start slowly with coffee and {city's} favourite pastries, trying a few bakeries in the old streets and comparing notes.",
    place: "{city} Old Town Bakeries",
    kind: "walk",
    cost: 10,
  },
  {
    id: "coffee-roasters",
    tags: ["food"],
    slots: DAY,
    area: "Local neighbourhoods",
    title: "Coffee roasters and café culture",
    description:
      "Visit a specialty roaster for a tasting, then settle into a classic café to watch {city} go by.",
    place: "{city} Roastery District",
    kind: "venue",
    cost: 12,
    child: 0.4,
  },
  // history
  {
    id: "old-town-walk",
    tags: ["history", "architecture"],
    slots: AM,
    area: "Old town",
    title: "Guided walking tour of {city's} old town",
    description:
      "Two hours through the historic lanes and squares with a local guide: how the city grew, the stories behind its landmarks and the best corners to come back to later.",
    place: "{city} Old Town",
    kind: "tour",
    cost: 20,
    child: 0,
  },
  {
    id: "history-museum",
    tags: ["history", "museums"],
    slots: DAY,
    area: "Museum quarter",
    title: "{city} city history museum",
    description:
      "Maps, models and everyday objects that tell {city's} story from its beginnings to today: the best primer for everything else you will see.",
    place: "{city} City History Museum",
    kind: "venue",
    cost: 12,
    child: 0.3,
  },
  {
    id: "fortress",
    tags: ["history", "photography"],
    slots: DAY,
    area: "Hilltop viewpoints",
    title: "Historic fortress and city walls",
    description:
      "Walk up to the old fortifications for ramparts, towers and one of the widest views over {city}. Allow time for the small exhibition inside.",
    place: "{city} Fortress Hill",
    kind: "outdoor",
    cost: 14,
    child: 0.5,
    strenuous: true,
  },
  {
    id: "cathedral-squares",
    tags: ["history", "architecture"],
    slots: DAY,
    area: "Historic centre",
    title: "Cathedral and the historic squares",
    description:
      "Visit {city's} main cathedral, then wander the squares around it: fountains, arcades and some of the oldest buildings in town.",
    place: "{city} Cathedral Square",
    kind: "venue",
    cost: 6,
    child: 0,
  },
  {
    id: "heritage-quarter",
    tags: ["history"],
    slots: PM,
    area: "Historic centre",
    title: "Heritage quarter with an audio guide",
    description:
      "Explore the historic quarter at your own pace with an audio guide: merchants' houses, old shopfronts and the hidden courtyards most visitors miss.",
    place: "{city} Heritage Quarter",
    kind: "walk",
    cost: 8,
    child: 0.5,
  },
  {
    id: "palace",
    tags: ["history", "architecture"],
    slots: DAY,
    area: "Palace grounds",
    title: "Palace rooms and formal gardens",
    description:
      "Tour the state rooms of a former palace, then take a slow loop through its gardens. Timed tickets keep the rooms calm.",
    place: "{city} Palace Gardens",
    kind: "venue",
    cost: 16,
    child: 0.5,
  },
  // art
  {
    id: "fine-arts",
    tags: ["art", "museums"],
    slots: AM,
    area: "Museum quarter",
    title: "Morning at the {city} Museum of Fine Arts",
    description:
      "Arrive at opening time to see the highlights before the crowds: old masters, local painters and a well-kept sculpture hall.",
    place: "{city} Museum of Fine Arts",
    kind: "venue",
    cost: 15,
    child: 0,
  },
  {
    id: "gallery-hop",
    tags: ["art", "shopping"],
    slots: PM,
    area: "Art district",
    title: "Contemporary gallery hop",
    description:
      "A loop through {city's} independent galleries and artist-run spaces. Most are free to enter; ask at the first one for a map of current shows.",
    place: "{city} Gallery District",
    kind: "walk",
    cost: 0,
    child: 0,
  },
  {
    id: "street-art",
    tags: ["art", "photography"],
    slots: DAY,
    area: "Art district",
    title: "Street art walk",
    description:
      "Murals, paste-ups and large-scale commissions across a once-industrial district, with the stories of the artists behind them.",
    place: "{city} Street Art District",
    kind: "walk",
    cost: 18,
    child: 0,
  },
  {
    id: "pottery-workshop",
    tags: ["art", "family"],
    slots: DAY,
    area: "Art district",
    title: "Pottery or printmaking workshop with a local artist",
    description:
      "A two-hour hands-on session in a working studio; you leave with something you made yourself (glazed pieces are often shipped or collected later).",
    place: "{city} Artists' Studios",
    kind: "venue",
    cost: 45,
    child: 0.7,
  },
  {
    id: "modern-art",
    tags: ["art", "museums", "architecture"],
    slots: PM,
    area: "Waterfront",
    title: "Modern and contemporary art centre",
    description:
      "Large rotating exhibitions in a striking modern building; check the programme for talks and the rooftop or terrace.",
    place: "{city} Contemporary Art Centre",
    kind: "venue",
    cost: 14,
    child: 0,
  },
  // museums
  {
    id: "national-museum",
    tags: ["museums", "history"],
    slots: AM,
    area: "Museum quarter",
    title: "The national collection at the {city} main museum",
    description:
      "The big one: archaeology, decorative arts and the country's treasures. Pick two or three wings rather than trying to see it all.",
    place: "{city} National Museum",
    kind: "venue",
    cost: 15,
    child: 0,
  },
  {
    id: "science-museum",
    tags: ["museums", "family"],
    slots: DAY,
    area: "Museum quarter",
    title: "Science and discovery museum",
    description:
      "Hands-on exhibits, experiments and a planetarium or show most hours: engaging for every age and a good plan for any weather.",
    place: "{city} Science Museum",
    kind: "venue",
    cost: 14,
    child: 0.7,
  },
  {
    id: "house-museum",
    tags: ["museums", "history", "art"],
    slots: PM,
    area: "Historic centre",
    title: "A small house museum off the tourist trail",
    description:
      "A preserved home of a local writer, collector or merchant family: period rooms, personal objects and far fewer visitors than the big museums.",
    place: "{city} House Museum",
    kind: "venue",
    cost: 8,
    child: 0,
  },
  {
    id: "design-museum",
    tags: ["museums", "art", "shopping"],
    slots: PM,
    area: "City centre",
    title: "Design and applied arts museum",
    description:
      "Furniture, posters, fashion and everyday objects that show how {city} lived and worked; the museum shop is one of the best for souvenirs.",
    place: "{city} Design Museum",
    kind: "venue",
    cost: 12,
    child: 0,
  },
  // nature
  {
    id: "botanical-garden",
    tags: ["nature", "photography", "family"],
    slots: DAY,
    area: "Green spaces",
    title: "{city} botanical garden",
    description:
      "Glasshouses, shaded paths and plants from around the world: a quiet green break from the city streets.",
    place: "{city} Botanical Garden",
    kind: "outdoor",
    cost: 6,
    child: 0.5,
  },
  {
    id: "park-picnic",
    tags: ["nature", "family", "food"],
    slots: PM,
    area: "Green spaces",
    title: "Picnic in {city's} largest park",
    description:
      "Pick up bread, cheese and fruit on the way and find a spot on the lawns; there is space to run around and cafés nearby if you prefer a table.",
    place: "{city} City Park",
    kind: "outdoor",
    cost: 12,
    child: 0.5,
    when: "lunch",
  },
  {
    id: "riverside-walk",
    tags: ["nature", "photography", "hiking"],
    slots: DAY,
    area: "Riverside",
    title: "Riverside promenade walk",
    description:
      "An easy, flat walk along the water, past old warehouses turned cafés and a few good benches for people-watching.",
    place: "{city} Riverside Promenade",
    kind: "walk",
    cost: 0,
    child: 0,
  },
  {
    id: "boat-trip",
    tags: ["nature", "photography", "family"],
    slots: PM,
    area: "Waterfront",
    title: "Sightseeing boat trip",
    description:
      "See {city} from the water on a one-hour cruise: bridges, waterfront landmarks and a different angle on the skyline.",
    place: "{city} Waterfront Pier",
    kind: "water",
    cost: 22,
    child: 0.5,
  },
  {
    id: "urban-garden",
    tags: ["nature", "wellness"],
    slots: AM,
    area: "Green spaces",
    title: "Quiet morning in a historic garden",
    description:
      "A walled or terraced garden with fountains and old trees: bring a book, or just sit while the city wakes up.",
    place: "{city} Historic Garden",
    kind: "outdoor",
    cost: 5,
    child: 0,
  },
  // hiking
  {
    id: "day-hike",
    tags: ["hiking", "nature"],
    slots: AM,
    area: "Hilltop viewpoints",
    title: "Half-day hike in the hills above {city}",
    description:
      "A marked trail through woods and along ridges to a lookout over the city. Wear proper shoes and bring water; local transport gets you to the trailhead.",
    place: "{city} Hill Trails",
    kind: "outdoor",
    cost: 8,
    child: 0.5,
    family: false,
    strenuous: true,
  },
  {
    id: "urban-trail",
    tags: ["hiking", "photography"],
    slots: DAY,
    area: "Hilltop viewpoints",
    title: "Urban trail across {city's} hills and stairways",
    description:
      "Link the city's viewpoints on foot, climbing old stairways and lanes between them. Steep in places, rewarding everywhere.",
    place: "{city} Viewpoint Trail",
    kind: "walk",
    cost: 0,
    child: 0,
    strenuous: true,
  },
  {
    id: "easy-trail",
    tags: ["hiking", "nature", "family"],
    slots: DAY,
    area: "Green spaces",
    title: "Easy nature trail and lookout",
    description:
      "A gentle, well-surfaced loop through a nature park on the edge of town, with a lookout and picnic tables along the way.",
    place: "{city} Nature Park",
    kind: "outdoor",
    cost: 4,
    child: 0,
  },
  {
    id: "coastal-path",
    tags: ["hiking", "beaches", "photography"],
    slots: DAY,
    area: "Coast",
    title: "Coastal or lakeside path walk",
    description:
      "Follow the shoreline path out of {city} for cliffs, coves or wide water views, then take local transport back.",
    place: "{city} Shoreline Path",
    kind: "outdoor",
    cost: 6,
    child: 0.5,
    strenuous: true,
  },
  // beaches
  {
    id: "beach-morning",
    tags: ["beaches"],
    slots: AM,
    area: "Coast",
    title: "Beach morning near {city}",
    description:
      "Head to the nearest good beach before it fills up: swim, read, and rent a sunbed and umbrella if you want shade.",
    place: "{city} City Beach",
    kind: "outdoor",
    cost: 10,
    child: 0.5,
  },
  {
    id: "seafront-lunch",
    tags: ["beaches", "food"],
    slots: PM,
    area: "Coast",
    title: "Seafront lunch and an afternoon by the water",
    description:
      "A long lunch of grilled fish or local specialities facing the sea, then an easy stroll along the promenade.",
    place: "{city} Seafront Promenade",
    kind: "meal",
    cost: 30,
    child: 0.5,
    when: "lunch",
  },
  {
    id: "paddle",
    tags: ["beaches", "nature"],
    slots: DAY,
    area: "Coast",
    title: "Kayak or stand-up paddle session",
    description:
      "A guided beginner session on calm water, with equipment included: a fun way to see the coastline from the water.",
    place: "{city} Watersports Centre",
    kind: "water",
    cost: 35,
    child: 0.7,
    strenuous: true,
  },
  {
    id: "beach-afternoon",
    tags: ["beaches"],
    slots: PM,
    area: "Coast",
    title: "Lazy afternoon on the beach",
    description:
      "Nothing on the schedule but swimming and an ice cream; stay for the late-afternoon light before heading back.",
    place: "{city} Beach Promenade",
    kind: "outdoor",
    cost: 8,
    child: 0.5,
  },
  // shopping
  {
    id: "local-designers",
    tags: ["shopping", "art"],
    slots: DAY,
    area: "Shopping streets",
    title: "Shopping for local designers and crafts",
    description:
      "Independent boutiques, concept stores and workshops selling things made in {city}: clothing, ceramics, prints and homeware.",
    place: "{city} Design District",
    kind: "walk",
    cost: 40,
    child: 0.25,
  },
  {
    id: "main-street",
    tags: ["shopping"],
    slots: PM,
    area: "Shopping streets",
    title: "Main shopping streets and arcades",
    description:
      "Stroll {city's} main shopping streets and historic arcades, with a coffee stop in one of the grand old cafés.",
    place: "{city} Shopping Arcades",
    kind: "walk",
    cost: 30,
    child: 0.25,
  },
  {
    id: "souvenir-hunt",
    tags: ["shopping", "markets"],
    slots: PM,
    area: "Old town",
    title: "Artisan food and souvenir hunt",
    description:
      "Find the souvenirs worth carrying home: local preserves, sweets, textiles and crafts from specialist shops rather than tourist stalls.",
    place: "{city} Old Town Shops",
    kind: "walk",
    cost: 25,
    child: 0.25,
  },
  // architecture
  {
    id: "architecture-walk",
    tags: ["architecture", "photography"],
    slots: DAY,
    area: "City centre",
    title: "Architecture walk: from old facades to modern landmarks",
    description:
      "A self-guided route through a few centuries of building styles in {city}, from ornate facades and tiled fronts to the boldest new landmarks.",
    place: "{city} City Centre",
    kind: "walk",
    cost: 0,
    child: 0,
  },
  {
    id: "landmark-inside",
    tags: ["architecture", "history"],
    slots: DAY,
    area: "Historic centre",
    title: "Inside {city's} most famous landmark",
    description:
      "Book a timed entry to see the interiors of the city's signature building, and go up to the terrace or tower if it is open.",
    place: "{city} Landmark",
    kind: "venue",
    cost: 18,
    child: 0.5,
  },
  {
    id: "modern-district",
    tags: ["architecture", "photography"],
    slots: PM,
    area: "Waterfront",
    title: "Modern architecture on the waterfront",
    description:
      "Contemporary buildings, bridges and public spaces in the newest part of {city}, with wide open views and plenty of places to sit.",
    place: "{city} Waterfront District",
    kind: "walk",
    cost: 0,
    child: 0,
  },
  {
    id: "station-library",
    tags: ["architecture", "history"],
    slots: DAY,
    area: "City centre",
    title: "Grand station, library and public buildings",
    description:
      "Step into the great public interiors of {city}: a historic station hall, a library reading room and a town hall staircase.",
    place: "{city} Civic Quarter",
    kind: "walk",
    cost: 0,
    child: 0,
  },
  // music
  {
    id: "music-walk",
    tags: ["music", "history"],
    slots: PM,
    area: "Old town",
    title: "Music history walk and record shops",
    description:
      "Follow the places linked to {city's} musicians and sounds, ending in a couple of well-stocked record shops.",
    place: "{city} Music Quarter",
    kind: "walk",
    cost: 10,
    child: 0,
  },
  {
    id: "lunchtime-concert",
    tags: ["music", "history", "family"],
    slots: PM,
    area: "Historic centre",
    title: "Afternoon recital in a historic church or hall",
    description:
      "Many churches and concert halls in {city} host short, inexpensive recitals; check the week's listings and pick one that suits.",
    place: "{city} Concert Hall",
    kind: "show",
    cost: 15,
    child: 0.5,
  },
  {
    id: "instrument-museum",
    tags: ["music", "museums", "family"],
    slots: AM,
    area: "Museum quarter",
    title: "Music and instrument museum",
    description:
      "Instruments from around the world with listening stations, and often a room where you can try a few yourself.",
    place: "{city} Music Museum",
    kind: "venue",
    cost: 10,
    child: 0.5,
  },
  // photography
  {
    id: "early-photo-walk",
    tags: ["photography"],
    slots: AM,
    area: "Old town",
    title: "Early-morning photo walk",
    description:
      "Set out early for soft light and empty streets: {city's} old lanes, doorways and viewpoints before the crowds.",
    place: "{city} Old Town",
    kind: "walk",
    cost: 0,
    child: 0,
    at: "07:30",
  },
  {
    id: "photo-tour",
    tags: ["photography"],
    slots: DAY,
    area: "City centre",
    title: "Guided photo tour with a local photographer",
    description:
      "A small-group tour to the most photogenic corners of {city}, with tips on composition and light for any camera or phone.",
    place: "{city} City Centre",
    kind: "tour",
    cost: 45,
    child: 0.5,
  },
  {
    id: "viewpoints",
    tags: ["photography", "nature"],
    slots: PM,
    area: "Hilltop viewpoints",
    title: "Viewpoint trail for the best shots of {city}",
    description:
      "Link two or three viewpoints by tram, bus or on foot, arriving at the last one for the late-afternoon light.",
    place: "{city} Viewpoint",
    kind: "outdoor",
    cost: 4,
    child: 0.5,
    when: "late",
  },
  // family
  {
    id: "aquarium",
    tags: ["family", "nature"],
    slots: DAY,
    area: "Waterfront",
    title: "Aquarium visit",
    description:
      "Big tanks, touch pools and feeding times: a reliable hit with children and a good indoor option.",
    place: "{city} Aquarium",
    kind: "venue",
    cost: 22,
    child: 0.7,
  },
  {
    id: "zoo",
    tags: ["family", "nature"],
    slots: AM,
    area: "Green spaces",
    title: "Morning at the zoo",
    description:
      "Go at opening time when the animals are most active; plan a snack break and leave time for the playground.",
    place: "{city} Zoo",
    kind: "outdoor",
    cost: 20,
    child: 0.7,
  },
  {
    id: "playground-park",
    tags: ["family", "nature"],
    slots: PM,
    area: "Green spaces",
    title: "Playground park and ice cream break",
    description:
      "Downtime for the little ones: a big playground, space to run and an ice cream stand, while grown-ups rest on a bench.",
    place: "{city} Family Park",
    kind: "outdoor",
    cost: 5,
    child: 1,
  },
  {
    id: "kids-workshop",
    tags: ["family", "art"],
    slots: DAY,
    area: "Museum quarter",
    title: "Hands-on family workshop",
    description:
      "A museum or cultural centre workshop made for families: crafts, experiments or storytelling, usually in English on weekends.",
    place: "{city} Family Learning Centre",
    kind: "venue",
    cost: 12,
    child: 1,
  },
  {
    id: "scenic-ride",
    tags: ["family", "photography", "history"],
    slots: DAY,
    area: "Historic centre",
    title: "Scenic tram, funicular or cable car ride",
    description:
      "Ride {city's} most scenic line from end to end: cheap sightseeing with a seat, and a hit with children.",
    place: "{city} Historic Tram Line",
    kind: "tour",
    cost: 6,
    child: 0.5,
  },
  // wellness
  {
    id: "thermal-spa",
    tags: ["wellness"],
    slots: PM,
    area: "Spa quarter",
    title: "Thermal baths or hammam afternoon",
    description:
      "Pools, steam rooms and a quiet lounge for a couple of hours of real rest; bring swimwear and book a treatment if you want one.",
    place: "{city} Thermal Baths",
    kind: "venue",
    cost: 45,
    family: false,
  },
  {
    id: "park-yoga",
    tags: ["wellness", "nature"],
    slots: AM,
    area: "Green spaces",
    title: "Morning yoga in the park",
    description:
      "A drop-in outdoor class for all levels, with mats provided; a calm start before the day's sightseeing.",
    place: "{city} City Park",
    kind: "outdoor",
    cost: 15,
    child: 0.5,
    at: "08:30",
  },
  {
    id: "day-spa",
    tags: ["wellness"],
    slots: PM,
    area: "City centre",
    title: "Massage at a day spa",
    description: "An hour-long massage or treatment, then time in the relaxation room with tea.",
    place: "{city} Day Spa",
    kind: "venue",
    cost: 65,
    family: false,
  },
  {
    id: "slow-morning",
    tags: ["wellness", "food"],
    slots: AM,
    area: "Local neighbourhoods",
    title: "Slow breakfast and a neighbourhood stroll",
    description:
      "No alarm today: a long breakfast at a neighbourhood café, then an unhurried wander through a residential quarter of {city}.",
    place: "{city} Neighbourhood Cafés",
    kind: "walk",
    cost: 14,
    child: 0.6,
  },
  // markets
  {
    id: "flea-market",
    tags: ["markets", "shopping"],
    slots: AM,
    area: "Market district",
    title: "Flea and antiques market browse",
    description:
      "Vintage finds, old postcards and curiosities; go early for the best pickings and bring cash for small stalls.",
    place: "{city} Flea Market",
    kind: "outdoor",
    cost: 10,
    child: 0.3,
  },
  {
    id: "farmers-market",
    tags: ["markets", "food", "family"],
    slots: AM,
    area: "Market district",
    title: "Farmers' market and tastings",
    description:
      "Local producers selling cheese, honey, fruit and bread, with plenty of samples; a good place to stock up for a picnic.",
    place: "{city} Farmers' Market",
    kind: "outdoor",
    cost: 14,
    child: 0.5,
  },
  {
    id: "craft-market",
    tags: ["markets", "shopping", "art"],
    slots: PM,
    area: "Market district",
    title: "Craft market and local makers",
    description:
      "Stalls of ceramics, jewellery, textiles and prints, often sold by the people who made them.",
    place: "{city} Craft Market",
    kind: "outdoor",
    cost: 20,
    child: 0.25,
  },
  {
    id: "food-hall",
    tags: ["markets", "food", "family"],
    slots: PM,
    area: "Market district",
    title: "Lunch at the food hall",
    description:
      "A covered market hall turned food court: dozens of counters under one roof, so everyone picks what they like.",
    place: "{city} Food Hall",
    kind: "meal",
    cost: 18,
    child: 0.6,
    when: "lunch",
  },
  // wine
  {
    id: "wine-tasting",
    tags: ["wine", "food"],
    slots: PM,
    area: "Old town",
    title: "Wine tasting with regional producers",
    description:
      "A guided tasting of five or six regional wines with cheese and charcuterie, explained by a sommelier who knows the growers.",
    place: "{city} Wine Cellar",
    kind: "venue",
    cost: 35,
    adultsOnly: true,
    family: false,
  },
  {
    id: "vineyard-trip",
    tags: ["wine", "nature"],
    slots: AM,
    area: "Countryside",
    title: "Half-day vineyard visit outside {city}",
    description:
      "A short trip to a nearby wine estate: a walk through the vines, a cellar tour and a tasting. Transport is usually included.",
    place: "{city} Wine Country",
    kind: "tour",
    cost: 70,
    adultsOnly: true,
    family: false,
  },
  {
    id: "wine-shop",
    tags: ["wine", "shopping"],
    slots: PM,
    area: "City centre",
    title: "Wine shop tasting and bottles to take home",
    description:
      "Independent wine merchants often pour a few bottles in the afternoon: taste, ask questions and choose one or two to bring home.",
    place: "{city} Wine Merchants",
    kind: "venue",
    cost: 20,
    adultsOnly: true,
    family: false,
  },
  // nightlife (afternoon/evening-friendly pieces live in NIGHTS)
  {
    id: "neighbourhood-aperitivo",
    tags: ["nightlife", "food", "wine"],
    slots: PM,
    area: "Local neighbourhoods",
    title: "Late-afternoon drinks and snacks like a local",
    description:
      "Join the after-work crowd for a drink and small plates in a lively square: the best warm-up for a night out.",
    place: "{city} Main Square",
    kind: "meal",
    cost: 18,
    adultsOnly: true,
    family: false,
    when: "late",
  },
];

const DINNERS: Activity[] = [
  {
    id: "welcome-dinner",
    tags: [],
    slots: ["evening"],
    area: "City centre",
    title: "Welcome dinner near your accommodation",
    description:
      "Keep the first evening easy: a relaxed dinner close to where you are staying, ideally somewhere serving {city's} classic dishes.",
    place: "{city} City Centre",
    kind: "meal",
    cost: 30,
  },
  {
    id: "traditional-dinner",
    tags: ["food", "history"],
    slots: ["evening"],
    area: "Old town",
    title: "Dinner at a traditional {city} restaurant",
    description:
      "Regional cooking in a long-running, family-owned dining room: ask for the dish of the day and a local dessert.",
    place: "{city} Old Town",
    kind: "meal",
    cost: 32,
  },
  {
    id: "tasting-menu",
    tags: ["food", "wine"],
    slots: ["evening"],
    area: "City centre",
    title: "Tasting menu at a chef-led restaurant",
    description:
      "A multi-course menu built on local produce by one of {city's} most talked-about kitchens. Book ahead and mention dietary needs.",
    place: "{city} City Centre",
    kind: "meal",
    cost: 90,
    child: 0.4,
    family: false,
    minLevel: 1,
  },
  {
    id: "bistro-dinner",
    tags: [],
    slots: ["evening"],
    area: "Local neighbourhoods",
    title: "Casual dinner at a neighbourhood bistro",
    description:
      "Where locals eat on a weeknight: short menu, fair prices, friendly service. No need to dress up.",
    place: "{city} Neighbourhood Bistros",
    kind: "meal",
    cost: 24,
  },
  {
    id: "evening-market",
    tags: ["markets", "food", "family"],
    slots: ["evening"],
    area: "Market district",
    title: "Street food supper at the evening market",
    description:
      "Graze from stall to stall as the market lights up: grilled snacks, noodles or flatbreads, sweets and fresh juice.",
    place: "{city} Evening Market",
    kind: "meal",
    cost: 16,
  },
  {
    id: "view-dinner",
    tags: ["photography", "architecture"],
    slots: ["evening"],
    area: "Hilltop viewpoints",
    title: "Dinner with a view over {city}",
    description:
      "A terrace or upper-floor restaurant facing the city lights; reserve a table by the window or outside for sunset.",
    place: "{city} Panorama Terrace",
    kind: "meal",
    cost: 45,
  },
  {
    id: "live-music-dinner",
    tags: ["music"],
    slots: ["evening"],
    area: "Old town",
    title: "Dinner with live local music",
    description:
      "A restaurant with musicians playing traditional or local music between courses; tables fill fast, so book.",
    place: "{city} Music Quarter",
    kind: "meal",
    cost: 42,
  },
  {
    id: "wine-dinner",
    tags: ["wine", "food"],
    slots: ["evening"],
    area: "City centre",
    title: "Wine-paired dinner at a wine bar",
    description: "Small plates matched with regional wines by the glass, chosen with the staff's help.",
    place: "{city} Wine Bar",
    kind: "meal",
    cost: 55,
    adultsOnly: true,
    family: false,
  },
  {
    id: "family-dinner",
    tags: ["family"],
    slots: ["evening"],
    area: "Local neighbourhoods",
    title: "Easy-going family dinner",
    description:
      "A relaxed, welcoming restaurant with a children's menu and room for strollers; early tables are easiest.",
    place: "{city} Family Restaurants",
    kind: "meal",
    cost: 22,
  },
  {
    id: "seafood-dinner",
    tags: ["beaches", "food"],
    slots: ["evening"],
    area: "Waterfront",
    title: "Seafood dinner by the water",
    description: "Fresh catch grilled simply, with the waterfront at your table. Ask what came in today.",
    place: "{city} Waterfront",
    kind: "meal",
    cost: 45,
  },
  {
    id: "veggie-dinner",
    tags: ["wellness", "food"],
    slots: ["evening"],
    area: "Local neighbourhoods",
    title: "Vegetable-forward dinner",
    description:
      "A modern kitchen built around seasonal vegetables and grains: light, creative and good value.",
    place: "{city} Neighbourhood Kitchens",
    kind: "meal",
    cost: 28,
  },
  {
    id: "food-hall-dinner",
    tags: ["food", "markets", "family"],
    slots: ["evening"],
    area: "Market district",
    title: "Dinner at the food hall",
    description:
      "Everyone picks a different counter, then you share a long table: easy, lively and good value.",
    place: "{city} Food Hall",
    kind: "meal",
    cost: 20,
  },
  {
    id: "old-town-dinner",
    tags: ["history", "architecture"],
    slots: ["evening"],
    area: "Historic centre",
    title: "Dinner on a historic square",
    description: "An outdoor table on one of the old squares, with the facades lit up after dark.",
    place: "{city} Historic Square",
    kind: "meal",
    cost: 35,
  },
  {
    id: "picnic-sunset",
    tags: ["nature", "family"],
    slots: ["evening"],
    area: "Green spaces",
    title: "Picnic supper at sunset",
    description:
      "Pack a picnic from a deli and watch the sun go down from a park or viewpoint; a cheap, memorable evening.",
    place: "{city} City Park",
    kind: "outdoor",
    cost: 14,
    maxLevel: 1.4,
  },
  {
    id: "budget-dinner",
    tags: ["food"],
    slots: ["evening"],
    area: "Local neighbourhoods",
    title: "Set-menu dinner at a local canteen",
    description: "A no-frills dining room with a good-value set menu, popular with students and workers.",
    place: "{city} Local Canteens",
    kind: "meal",
    cost: 14,
    maxLevel: 1,
  },
];

const NIGHTS: Activity[] = [
  {
    id: "cocktail-bar",
    tags: ["nightlife"],
    slots: ["night"],
    area: "Old town",
    title: "Cocktail bar crawl in the old town",
    description:
      "Two or three of {city's} best cocktail bars within walking distance, from speakeasy to classic.",
    place: "{city} Old Town",
    kind: "meal",
    cost: 35,
    adultsOnly: true,
    family: false,
  },
  {
    id: "rooftop",
    tags: ["nightlife", "photography"],
    slots: ["night"],
    area: "City centre",
    title: "Rooftop drinks with a view",
    description: "End the day above the rooftops with a drink and the city lit up below.",
    place: "{city} Rooftop Terrace",
    kind: "meal",
    cost: 25,
    adultsOnly: true,
    family: false,
  },
  {
    id: "jazz-club",
    tags: ["music", "nightlife"],
    slots: ["night"],
    area: "Old town",
    title: "Live music at a jazz club",
    description: "A late set in an intimate club: jazz, blues or local sounds, depending on the night.",
    place: "{city} Jazz Club",
    kind: "show",
    cost: 25,
    adultsOnly: true,
    family: false,
  },
  {
    id: "dance-club",
    tags: ["nightlife", "music"],
    slots: ["night"],
    area: "Local neighbourhoods",
    title: "Late night at a dance club",
    description:
      "For the night owls: {city's} club scene gets going after midnight. Check the line-up first.",
    place: "{city} Club District",
    kind: "show",
    cost: 25,
    adultsOnly: true,
    family: false,
  },
  {
    id: "night-walk",
    tags: ["photography", "architecture", "history"],
    slots: ["night"],
    area: "Historic centre",
    title: "Night walk through the illuminated old town",
    description: "The monuments are floodlit and the lanes quiet: a different, calmer {city} after dark.",
    place: "{city} Historic Centre",
    kind: "walk",
    cost: 0,
    child: 0,
  },
  {
    id: "dessert-late",
    tags: ["food"],
    slots: ["night"],
    area: "City centre",
    title: "Late dessert and a nightcap",
    description: "A late-opening café or pâtisserie for something sweet before bed.",
    place: "{city} City Centre",
    kind: "meal",
    cost: 12,
  },
  {
    id: "wine-nightcap",
    tags: ["wine", "nightlife"],
    slots: ["night"],
    area: "Local neighbourhoods",
    title: "Natural wine bar nightcap",
    description: "A glass or two at a small wine bar pouring local and natural wines.",
    place: "{city} Wine Bar",
    kind: "meal",
    cost: 20,
    adultsOnly: true,
    family: false,
  },
  {
    id: "theatre-show",
    tags: ["music", "art"],
    slots: ["night"],
    area: "City centre",
    title: "Late show: theatre, comedy or a concert",
    description: "Check the week's listings for a performance that works without the local language.",
    place: "{city} Theatre District",
    kind: "show",
    cost: 35,
    adultsOnly: true,
    family: false,
  },
  {
    id: "night-photo",
    tags: ["photography"],
    slots: ["night"],
    area: "Riverside",
    title: "Night photography by the water",
    description:
      "Long exposures of the lit-up waterfront and bridges; a small tripod or a steady wall helps.",
    place: "{city} Riverside Promenade",
    kind: "walk",
    cost: 0,
    child: 0,
  },
];

const ACCESS_NOTES: Record<Kind, string> = {
  venue:
    "Step-free access: large venues usually have level entrances, lifts and accessible toilets; ask at the desk for a wheelchair or a quieter time.",
  walk:
    "Accessible option: keep to a flat, step-free route on paved streets, use accessible transport for the steep stretches and pause at cafés along the way.",
  outdoor:
    "Accessible option: stay on the paved main paths and check ahead for step-free entrances and accessible toilets.",
  meal: "When booking, ask for a step-free entrance, an accessible table and an accessible toilet.",
  tour:
    "Tell the operator about your access needs when booking; many offer a step-free route or a shorter private version.",
  show: "Book accessible seating in advance and ask about step-free entry.",
  water: "Ask the operator about step-free boarding and accessible facilities before you book.",
};

// ---------------------------------------------------------------------------------------------------------
// Money

/** Rough units of each currency per euro, only to choose a price level and size costs; not for payments. */
const UNITS_PER_EUR: Record<string, number> = {
  EUR: 1,
  USD: 1.1,
  GBP: 0.85,
  CHF: 0.95,
  JPY: 165,
  CNY: 7.8,
  AUD: 1.65,
  CAD: 1.5,
  NZD: 1.8,
  SEK: 11.5,
  NOK: 11.7,
  DKK: 7.46,
  ISK: 150,
  PLN: 4.3,
  CZK: 25,
  HUF: 400,
  RON: 5,
  BGN: 1.96,
  TRY: 38,
  INR: 92,
  THB: 38,
  VND: 27500,
  IDR: 17500,
  MYR: 4.9,
  SGD: 1.45,
  HKD: 8.5,
  KRW: 1500,
  TWD: 35,
  PHP: 62,
  MXN: 20,
  BRL: 6,
  CLP: 1000,
  COP: 4500,
  PEN: 4.1,
  ZAR: 20,
  EGP: 53,
  MAD: 10.8,
  AED: 4,
  SAR: 4.1,
  ILS: 4,
  RUB: 100,
  UAH: 45,
  KES: 140,
  XAF: 656,
  XOF: 656,
  XPF: 119,
  NGN: 1700,
  GHS: 16,
  TZS: 2900,
  PKR: 300,
  LKR: 330,
  NPR: 147,
  KHR: 4450,
  LAK: 24000,
  GEL: 3,
  RSD: 117,
  BAM: 1.96,
  ALL: 100,
  JOD: 0.78,
  QAR: 4,
  KWD: 0.34,
  OMR: 0.42,
  TND: 3.4,
  CRC: 560,
  DOP: 66,
  UYU: 45,
  FJD: 2.5,
  MUR: 50,
};

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

interface PriceLevel {
  label: string;
  factor: number;
}

function priceLevel(perPersonPerDay: number | null): PriceLevel {
  if (perPersonPerDay === null) return { label: "mid-range", factor: 1 };
  if (perPersonPerDay < 45) return { label: "shoestring", factor: 0.55 };
  if (perPersonPerDay < 90) return { label: "budget-conscious", factor: 0.75 };
  if (perPersonPerDay < 180) return { label: "mid-range", factor: 1 };
  if (perPersonPerDay < 350) return { label: "comfortable", factor: 1.35 };
  return { label: "luxury", factor: 1.8 };
}

/** Rounds down to two significant figures (37.4 → 37, 412 → 410, 4.37 → 4), never below a cent. */
function niceFloor(x: number): number {
  if (!(x > 0)) return 0;
  const magnitude = Math.pow(10, Math.floor(Math.log10(x)));
  const step = magnitude >= 10 ? magnitude / 10 : Math.max(0.01, magnitude / 2);
  return Math.round(Math.floor(x / step + 1e-9) * step * 100) / 100;
}

function formatAmount(x: number): string {
  const fixed = Number.isInteger(x) ? String(x) : x.toFixed(2);
  const [whole, cents] = fixed.split(".");
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return cents ? `${grouped}.${cents}` : grouped;
}

// ---------------------------------------------------------------------------------------------------------
// Determinism

/** A 32-bit FNV-1a hash with a final avalanche. */
function hash32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** mulberry32: small, fast and plenty for picking activities. Returns [0, 1). */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** JSON with object keys sorted, so the seed does not depend on key order. */
function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null";
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
}

function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

const pickOne = <T>(items: readonly T[], random: () => number): T =>
  items[Math.floor(random() * items.length)];

// ---------------------------------------------------------------------------------------------------------
// Text helpers

const MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];
const WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
const NUMBER_WORDS = ["No", "One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight"];

const addDays = (date: string, n: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

function dateParts(iso: string) {
  const d = new Date(`${iso}T00:00:00Z`);
  return {
    day: d.getUTCDate(),
    month: MONTHS[d.getUTCMonth()],
    year: d.getUTCFullYear(),
    weekday: d.getUTCDay(),
  };
}

/** "12–14 June 2026", "28 June – 3 July 2026", "28 December 2026 – 3 January 2027", "Friday 12 June 2026". */
function dateRange(start: string, end: string): string {
  const a = dateParts(start);
  const b = dateParts(end);
  if (start === end) return `${WEEKDAYS[a.weekday]} ${a.day} ${a.month} ${a.year}`;
  if (a.year !== b.year) return `${a.day} ${a.month} ${a.year} – ${b.day} ${b.month} ${b.year}`;
  if (a.month !== b.month) return `${a.day} ${a.month} – ${b.day} ${b.month} ${b.year}`;
  return `${a.day}–${b.day} ${a.month} ${a.year}`;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

function listPhrase(words: string[]): string {
  if (words.length <= 1) return words[0] ?? "";
  return `${words.slice(0, -1).join(", ")} and ${words[words.length - 1]}`;
}

function clamp(text: string, max: number): string {
  const clean = text.replace(/\s+/g, " ").trim();
  return clean.length <= max ? clean : `${clean.slice(0, max - 1).trimEnd()}…`;
}

const lowerFirst = (s: string, keep?: string) =>
  keep && s.startsWith(keep) ? s : s.charAt(0).toLowerCase() + s.slice(1);

function possessive(name: string): string {
  return /s$/i.test(name) ? `${name}'` : `${name}'s`;
}

function fill(template: string, city: string): string {
  return template.replaceAll("{city's}", possessive(city)).replaceAll("{city}", city);
}

/** "the dolomites" → "The Dolomites"; anything with capitals is left as typed. */
function titleCase(text: string): string {
  return text === text.toLowerCase()
    ? text.replace(/(^|[\s-])(\p{L})/gu, (_, sep: string, ch: string) => sep + ch.toUpperCase())
    : text;
}

/** The name used in titles: the gazetteer's city (or the traveller's accented spelling of it), else the
 * first part of what they typed. */
function displayName(destination: string, place: Destination | null): string {
  const typed = destination.split(",")[0].trim() || destination.trim();
  if (place) {
    const sameCity = normalizePlaceName(typed) === normalizePlaceName(place.city);
    const accented = [...typed].some((ch) => ch.charCodeAt(0) > 127);
    if (sameCity && accented && typed[0] === typed[0].toUpperCase()) return typed;
    return place.city;
  }
  return clamp(titleCase(typed), 80);
}

// ---------------------------------------------------------------------------------------------------------
// Geography

const CENTRAL_AREAS = new Set(["Old town", "Historic centre", "City centre", "Market district"]);

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
function coordinates(place: Destination, activity: Activity): { latitude: number; longitude: number } {
  const base = areaPoint(place, activity.area);
  const h = hash32(`${place.city}|${activity.id}|${activity.place}`);
  const bearing = ((h & 0xffff) / 0x10000) * 2 * Math.PI;
  const km = 0.05 + ((h >>> 16) / 0x10000) * 0.55;
  const p = offset(base.lat, base.lng, km, bearing);
  return { latitude: Math.round(p.lat * 1e5) / 1e5, longitude: Math.round(p.lng * 1e5) / 1e5 };
}

// ---------------------------------------------------------------------------------------------------------
// Day layouts

type Role = "arrival" | "full" | "departure" | "single";
interface SlotPlan {
  slot: Slot;
  times: string[];
  /** An afternoon slot starting around lunchtime, or late in the afternoon. */
  when?: "lunch" | "late";
}

const M = (times = ["09:00", "09:30", "10:00"]): SlotPlan => ({ slot: "morning", times });
const A1 = (times = ["13:00", "13:30", "14:00"]): SlotPlan => ({ slot: "afternoon", times, when: "lunch" });
const A2 = (times = ["16:30", "17:00"]): SlotPlan => ({ slot: "afternoon", times, when: "late" });
/** An afternoon slot that is neither lunch nor late afternoon (after check-in, before the journey home). */
const PM_SLOT = (times: string[]): SlotPlan => ({ slot: "afternoon", times });
const E = (withChildren: boolean, times?: string[]): SlotPlan => ({
  slot: "evening",
  times: times ?? (withChildren ? ["18:30", "19:00"] : ["19:00", "19:30", "20:00"]),
});
const N = (): SlotPlan => ({ slot: "night", times: ["21:45", "22:00", "22:30"] });

function layout(
  pace: GenerateRequest["pace"],
  role: Role,
  withChildren: boolean,
  random: () => number,
): SlotPlan[] {
  const adultsOnly = !withChildren;
  switch (role) {
    case "arrival":
      if (pace === "packed") {
        return adultsOnly
          ? [PM_SLOT(["15:00", "15:30"]), E(false, ["19:30", "20:00"]), N()]
          : [PM_SLOT(["15:00", "15:30"]), A2(["17:00", "17:30"]), E(true)];
      }
      return [
        PM_SLOT(["15:00", "15:30", "16:00"]),
        E(withChildren, withChildren ? undefined : ["19:30", "20:00"]),
      ];
    case "departure":
      return pace === "packed"
        ? [M(["09:00", "09:30"]), A1(["12:00", "12:30"]), PM_SLOT(["14:30", "15:00"])]
        : [M(["09:30", "10:00"]), A1(["12:00", "12:30"])];
    case "single":
      if (pace === "relaxed") return [M(["10:00", "10:30"]), A1(["13:30", "14:00"]), E(withChildren)];
      if (pace === "packed") return [M(), A1(), A2(), E(withChildren)];
      return random() < 0.5 ? [M(), A1(), E(withChildren)] : [M(), A1(), A2(), E(withChildren)];
    case "full":
      if (pace === "relaxed") return [M(["10:00", "10:30"]), A1(["13:30", "14:00"]), E(withChildren)];
      if (pace === "packed") {
        return adultsOnly ? [M(), A1(), A2(), E(false), N()] : [M(), A1(), A2(), E(true)];
      }
      return random() < 0.5 ? [M(), A1(), E(withChildren)] : [M(), A1(), A2(), E(withChildren)];
  }
}

// ---------------------------------------------------------------------------------------------------------
// Selection

interface Context {
  random: () => number;
  interests: Interest[];
  withChildren: boolean;
  accessible: boolean;
  level: number;
  used: Map<string, number>;
}

function eligible(a: Activity, slot: SlotPlan, ctx: Context): boolean {
  if (!a.slots.includes(slot.slot)) return false;
  if (a.when && a.when !== slot.when) return false;
  if (ctx.withChildren && (a.adultsOnly || a.family === false)) return false;
  if (ctx.accessible && a.strenuous) return false;
  if (a.minLevel !== undefined && ctx.level < a.minLevel) return false;
  if (a.maxLevel !== undefined && ctx.level > a.maxLevel) return false;
  return true;
}

/** Picks from `pool` for a slot: an unused activity of the wanted interest, else of any of the traveller's
 * interests, else any unused one, else the least used; never one already on today's list. */
function choose(
  pool: Activity[],
  slot: SlotPlan,
  wanted: Interest | null,
  ctx: Context,
  today: Set<string>,
  prefer?: (a: Activity) => boolean,
): Activity {
  const candidates = shuffled(pool.filter((a) => eligible(a, slot, ctx) && !today.has(a.id)), ctx.random);
  // On a tight budget, free and cheap things first; then whatever suits the day (central on arrival).
  if (ctx.level < 0.7) candidates.sort((a, b) => Number(a.cost > 20) - Number(b.cost > 20));
  if (prefer) candidates.sort((a, b) => Number(!prefer(a)) - Number(!prefer(b)));
  const unused = candidates.filter((a) => !ctx.used.has(a.id));
  const tiers = [
    wanted ? unused.filter((a) => a.tags.includes(wanted)) : [],
    unused.filter((a) => a.tags.some((t) => ctx.interests.includes(t))),
    unused,
  ];
  for (const tier of tiers) if (tier.length) return tier[0];
  const pick = candidates.length
    ? candidates
    : shuffled(pool.filter((a) => a.slots.includes(slot.slot) && !today.has(a.id)), ctx.random);
  const score = (a: Activity) =>
    (ctx.used.get(a.id) ?? 0) * 10 - (a.tags.some((t) => ctx.interests.includes(t)) ? 5 : 0);
  return [...pick].sort((a, b) => score(a) - score(b))[0];
}

// ---------------------------------------------------------------------------------------------------------
// The planner

interface DraftItem {
  activity: Activity;
  slot: Slot;
  start: string;
  rawCost: number;
}

/** Builds a plan from the request alone: pure and deterministic (same request → same plan). */
export function planOffline(request: GenerateRequest): GeneratedPlan {
  const random = prng(hash32(canonicalJson(request)));
  const adults = Math.max(1, request.adults ?? 1);
  const children = Math.max(0, request.children ?? 0);
  const withChildren = children > 0;
  const pace = request.pace ?? "moderate";
  const accessibility = request.accessibility_needs?.trim() ?? "";
  const accessible = accessibility.length > 0;
  const currency = request.budget.currency;
  const amount = request.budget.amount;

  const place = lookupDestination(request.destination);
  const city = displayName(request.destination, place);
  const fullName = place ? `${city}, ${place.country}` : titleCase(request.destination.trim());
  const dayCount = Math.max(1, tripDays(request.start_date, request.end_date));

  // Interests: the known ones in the order given; children add family time and remove nightlife.
  const asked = canonicalInterests(request.interests ?? []);
  let interests = asked.filter((i) => !(withChildren && i === "nightlife"));
  const balanced = interests.length === 0;
  if (balanced) interests = [...BALANCED];
  if (withChildren && !interests.includes("family")) interests.push("family");

  // Price level from the budget per person per day, in euros, corrected for the country's prices.
  const rate = UNITS_PER_EUR[currency] ?? null;
  const countryPrice = (place && COUNTRY_PRICE[place.countryCode]) ?? 1;
  const travellers = adults + 0.6 * children;
  const perPersonPerDay = rate === null ? null : amount / rate / travellers / dayCount / countryPrice;
  const level = priceLevel(perPersonPerDay);

  const ctx: Context = {
    random,
    interests,
    withChildren,
    accessible,
    level: level.factor,
    used: new Map(),
  };

  // Pick the activities, day by day.
  const rotation = shuffled(interests, random);
  let turn = 0;
  const days: { date: string; role: Role; items: DraftItem[] }[] = [];
  for (let d = 0; d < dayCount; d++) {
    const role: Role = dayCount === 1
      ? "single"
      : d === 0
      ? "arrival"
      : d === dayCount - 1
      ? "departure"
      : "full";
    const today = new Set<string>();
    const items: DraftItem[] = [];
    layout(pace, role, withChildren, random).forEach((plan, position) => {
      let activity: Activity;
      if (plan.slot === "evening") {
        const welcome = DINNERS[0];
        activity = role === "arrival" && !ctx.used.has(welcome.id)
          ? welcome
          : choose(DINNERS.slice(1), plan, rotation[turn % rotation.length], ctx, today);
      } else if (plan.slot === "night") {
        activity = choose(NIGHTS, plan, rotation[turn % rotation.length], ctx, today);
      } else {
        // Arrival and departure days stay central and easy: close to the accommodation and the station.
        const prefer = role === "arrival" || role === "departure"
          ? (a: Activity) => CENTRAL_AREAS.has(a.area) && a.kind !== "tour" && a.cost <= 30
          : undefined;
        activity = choose(ACTIVITIES, plan, rotation[turn++ % rotation.length], ctx, today, prefer);
      }
      today.add(activity.id);
      ctx.used.set(activity.id, (ctx.used.get(activity.id) ?? 0) + 1);
      const start = position === 0 && activity.at ? activity.at : pickOne(plan.times, random);
      const party = adults + children * (activity.child ?? 0.5);
      items.push({ activity, slot: plan.slot, start, rawCost: activity.cost * party });
    });
    days.push({ date: addDays(request.start_date, d), role, items });
  }

  // Costs: base × price level × country × currency, then scaled to stay within 90% of the budget.
  const all = days.flatMap((d) => d.items);
  const cap = amount * 0.9;
  const priced = all.map((i) => i.rawCost * level.factor * countryPrice * (rate ?? 1));
  const total = priced.reduce((s, c) => s + c, 0);
  // With a currency we cannot convert, size the plan to about 40% of the budget.
  let factor = rate === null ? (total > 0 ? (amount * 0.4) / total : 1) : 1;
  if (total * factor > cap) factor = cap / total;
  const costs = priced.map((c) => niceFloor(c * factor));
  let sum = costs.reduce((s, c) => s + c, 0);
  for (let i = 0; sum > cap && i < costs.length * 100; i++) {
    const k = costs.indexOf(Math.max(...costs));
    costs[k] = Math.max(0, Math.round((costs[k] - 0.01) * 100) / 100);
    sum = costs.reduce((s, c) => s + c, 0);
  }
  const scaledDown = factor < 1 && rate !== null;

  // Assemble the plan.
  let k = 0;
  const planDays: GeneratedPlan["days"] = days.map((day, d) => {
    const items: PlanItem[] = day.items.map((draft) => {
      const a = draft.activity;
      let description = fill(a.description, city);
      if (accessible) description += ` ${ACCESS_NOTES[a.kind]}`;
      const coords = place ? coordinates(place, a) : { latitude: null, longitude: null };
      const placeName = place ? fill(a.place, city) : a.place.replace(/^\{city\}\s*/, "");
      return {
        time_slot: draft.slot,
        start_time: draft.start,
        title: clamp(fill(a.title, city), 200),
        description: clamp(description, 1000),
        place_name: clamp(placeName, 200),
        latitude: coords.latitude,
        longitude: coords.longitude,
        estimated_cost: costs[k++],
        booking_url: null,
      };
    });
    const spend = items.reduce((s, i) => s + i.estimated_cost, 0);
    return {
      date: day.date,
      title: clamp(`Day ${d + 1} · ${dayTheme(day.role, day.items)}`, 200),
      summary: clamp(daySummary(day.role, day.items, city, spend, currency), 2000),
      items,
    };
  });

  const spent = Math.round(sum * 100) / 100;
  const party = withChildren
    ? `${plural(adults, "adult", "adults")} and ${plural(children, "child", "children")}`
    : plural(adults, "adult", "adults");
  const paceWords = { relaxed: "relaxed", moderate: "moderately paced", packed: "packed" }[pace];
  const focus = balanced
    ? "a balanced mix of history, food, architecture and green spaces"
    : listPhrase(interests.map((i) => INTEREST_LABEL[i]));
  const when = dayCount === 1 ? `on ${dateRange(request.start_date, request.end_date)}` : dateRange(
    request.start_date,
    request.end_date,
  );
  const summary = [
    `${
      /^(8|11|18)$/.test(String(dayCount)) ? "An" : "A"
    } ${dayCount}-day, ${paceWords} trip to ${fullName}, ${when}, for ${party}.`,
    `It is built around ${focus}, at a ${level.label} price level${
      accessible ? ", with step-free and accessible options throughout" : ""
    }.`,
    `Activities and meals are estimated at about ${formatAmount(spent)} ${currency} of the ${
      formatAmount(amount)
    } ${currency} budget, leaving the rest for accommodation, transport and extras.`,
  ].join(" ");

  const title = dayCount === 1 ? `A day in ${city}` : `${dayCount} days in ${city}`;
  return {
    title: clamp(title, 200),
    summary: clamp(summary, 5000),
    tips: buildTips({
      city,
      place,
      currency,
      accessibility,
      withChildren,
      droppedNightlife: withChildren && asked.includes("nightlife"),
      scaledDown,
      language: request.language ?? "en",
      interests,
    }),
    days: planDays,
  };
}

function dayTheme(role: Role, items: DraftItem[]): string {
  const areas: string[] = [];
  for (const i of items) {
    if ((i.slot === "morning" || i.slot === "afternoon") && !areas.includes(i.activity.area)) {
      areas.push(i.activity.area);
    }
  }
  const [first, second] = areas;
  if (role === "arrival") return first ? `Arrival and ${lowerFirst(first)}` : "Arrival";
  if (role === "departure") return first ? `${first} and departure` : "Departure";
  if (first && second) return `${first} and ${lowerFirst(second)}`;
  return first ?? "At leisure";
}

function daySummary(role: Role, items: DraftItem[], city: string, spend: number, currency: string): string {
  const named = items.map((i) => lowerFirst(fill(i.activity.title, city), city));
  const count = NUMBER_WORDS[items.length] ?? String(items.length);
  const sequence = named.length > 1
    ? `${named.slice(0, -1).join(", ")}, then ${named[named.length - 1]}`
    : named[0] ?? "";
  const lead = role === "arrival"
    ? `Arrive in ${city} and check in, then ease into the trip: ${sequence}.`
    : role === "departure"
    ? `A lighter last day before you head home: ${sequence}.`
    : role === "single"
    ? `One full day in ${city}: ${sequence}.`
    : `${count} stops today: ${sequence}.`;
  const cost = spend > 0
    ? `Estimated spend: about ${formatAmount(Math.round(spend * 100) / 100)} ${currency}.`
    : "Nothing to pay for today beyond transport and snacks.";
  return `${lead} ${cost}`;
}

interface TipInput {
  city: string;
  place: Destination | null;
  currency: string;
  accessibility: string;
  withChildren: boolean;
  droppedNightlife: boolean;
  scaledDown: boolean;
  language: string;
  interests: Interest[];
}

/** The tip for a traveller with accessibility needs; their own description of them stays private. */
export const ACCESSIBILITY_TIP =
  "Accessibility: the plan leaves out steep hikes and stair-heavy climbs and notes step-free options on each item; contact venues a day ahead to confirm step-free entrances, lifts and accessible toilets.";

function buildTips(t: TipInput): string[] {
  const tips: string[] = [];
  tips.push(
    t.accessibility
      ? `Getting around ${t.city}: public transport is usually the easiest way between areas; check the operator's step-free station map and use taxis for stretches without lifts or level boarding.`
      : t.withChildren
      ? `Getting around ${t.city}: walk within each area and use public transport between them; children often ride free or at a reduced fare, so ask about family or day tickets.`
      : `Getting around ${t.city}: each day stays within one or two areas, so walk within them and use public transport between them; a day pass usually pays off after three rides.`,
  );
  const local = t.place?.currency ?? null;
  tips.push(
    local && local === t.currency
      ? `Money: costs are in ${t.currency}, the local currency. Cards are widely accepted, but keep a little cash for markets, small cafés and tips.`
      : local
      ? `Money: costs are estimated in ${t.currency}, but you will pay in ${local} locally; check your card's foreign-transaction fees and carry a little ${local} cash for markets and small cafés.`
      : `Money: costs are estimated in ${t.currency}; check which currency and cards are accepted locally, and carry a little cash for markets and small cafés.`,
  );
  if (t.accessibility) {
    // Never the traveller's own words: they are private (plan_private_details), tips are public.
    tips.push(ACCESSIBILITY_TIP);
  }
  if (t.withChildren) {
    tips.push(
      t.droppedNightlife
        ? "Travelling with children: the plan swaps nightlife for family-friendly evenings and keeps a break in the middle of each day; many museums are free or cheaper for under-18s."
        : "Travelling with children: the plan keeps a break in the middle of each day and early dinners; many museums are free or cheaper for under-18s.",
    );
  }
  if (!/^en\b/i.test(t.language)) {
    tips.push("This plan was generated offline and is written in English.");
  }
  if (t.scaledDown) {
    tips.push(
      "The budget is tight for this trip, so estimates have been trimmed to fit; favour free walks, parks and viewpoints, and book paid entries ahead for online discounts.",
    );
  }
  const bookable = t.interests.some((i) =>
    ["museums", "art", "history", "architecture", "music"].includes(i)
  );
  tips.push(
    bookable
      ? "Book timed tickets for the most popular museums and landmarks a few days ahead, and check opening days: many museums close one day a week."
      : "Reserve popular restaurants and guided activities a few days ahead, especially for weekends.",
  );
  if (t.place) {
    tips.push(`Start times are local time (${t.place.timezone}).`);
  }
  tips.push(
    "Pack comfortable shoes and a light layer, and keep an indoor option (a museum or a market hall) in mind to swap in if the weather turns.",
  );
  return tips.slice(0, 6).map((tip) => clamp(tip, 500));
}

// ---------------------------------------------------------------------------------------------------------
// The provider

/** The offline planner behind the PlanProvider interface: no network, no tokens. */
export function createOfflineProvider(): PlanProvider {
  return {
    name: "offline",
    generate(request: GenerateRequest, options: GenerateOptions = {}) {
      const cancelled = () =>
        new PlanProviderError("provider_timeout", "offline: cancelled by the caller", false);
      if (options.signal?.aborted) return Promise.reject(cancelled());
      let plan: GeneratedPlan;
      options.onCall?.();
      try {
        plan = planOffline(request);
      } catch (err) {
        return Promise.reject(
          new PlanProviderError(
            "invalid_output",
            `offline: could not build a plan (${(err as Error).message})`,
            false,
          ),
        );
      }
      if (options.signal?.aborted) return Promise.reject(cancelled());
      return Promise.resolve({ plan, usage: { input_tokens: 0, output_tokens: 0 }, model: OFFLINE_MODEL });
    },
  };
}
