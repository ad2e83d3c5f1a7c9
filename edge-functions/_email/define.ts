import type { ReactElement } from "react";
import type { z } from "zod";

/** One email: the data it needs (validated when rendering), its subject, its body, and sample data. */
export interface EmailTemplate<S extends z.ZodType = z.ZodType> {
  name: string;
  schema: S;
  subject: (data: z.infer<S>) => string;
  body: (data: z.infer<S>) => ReactElement;
  sample: z.infer<S>;
}

export const defineTemplate = <S extends z.ZodType>(t: EmailTemplate<S>): EmailTemplate<S> => t;
