// The accessibility note added to each item's description, by kind of item.
import type { Kind } from "./schema.ts";

export const ACCESS_NOTES: Readonly<Record<Kind, string>> = {
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
