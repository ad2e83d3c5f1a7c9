// Brand colours and names, in one place for every email.
export const brand = {
  name: "TripMaster",
  tagline: "Your AI travel planner",
  colors: {
    primary: "#0F766E",
    primaryText: "#FFFFFF",
    text: "#1F2937",
    muted: "#6B7280",
    background: "#F3F4F6",
    card: "#FFFFFF",
    border: "#E5E7EB",
    warning: "#B45309",
  },
  fontFamily: "-apple-system, BlinkMacSystemFont, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif",
} as const;
