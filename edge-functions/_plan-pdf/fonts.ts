// Fonts embedded in plan PDFs (subset to the glyphs used, by pdfkit through fontkit). Noto Sans covers
// Latin, Greek and Cyrillic; Noto Sans JP adds kana and the CJK ideographs used in Japanese and most of
// Chinese. Text is cut into runs, each drawn with the first font that has its characters' glyphs, so a line
// mixing scripts ("Ελλάδα · ￥1,500") renders whole.
// Not covered yet: Hangul, Arabic, Hebrew, Indic and Thai scripts (they would need their Noto fonts and,
// for Arabic and Indic, shaping that pdfkit does not do).
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import * as fontkit from "fontkit";

const require = createRequire(import.meta.url);

export interface PdfFont {
  name: string;
  bytes: Uint8Array;
  has(text: string): boolean;
  hasCodePoint(cp: number): boolean;
}

function load(name: string, file: string): PdfFont {
  const bytes = new Uint8Array(readFileSync(require.resolve(file)));
  const font = fontkit.create(bytes as never) as unknown as { hasGlyphForCodePoint(cp: number): boolean };
  return {
    name,
    bytes,
    hasCodePoint: (cp) => font.hasGlyphForCodePoint(cp),
    has: (text) => {
      for (const ch of text) {
        const cp = ch.codePointAt(0)!;
        if (cp > 0x20 && !font.hasGlyphForCodePoint(cp)) return false;
      }
      return true;
    },
  };
}

let fonts: PdfFont[] | null = null;

/** The fonts, in order of preference; parsed once per process. */
export function pdfFonts(): PdfFont[] {
  fonts ??= [
    load("NotoSans", "@expo-google-fonts/noto-sans/400Regular/NotoSans_400Regular.ttf"),
    load("NotoSansJP", "@expo-google-fonts/noto-sans-jp/400Regular/NotoSansJP_400Regular.ttf"),
  ];
  return fonts;
}

/** `text` cut into runs of one font each: per character the first font that has it (spaces stay with the
 * run they are in; a character no font has goes to the first font, which draws its .notdef). */
export function fontRuns(text: string): { font: PdfFont; text: string }[] {
  const all = pdfFonts();
  const runs: { font: PdfFont; text: string }[] = [];
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    const last = runs.at(-1);
    const font = cp <= 0x20 && last ? last.font : (all.find((f) => f.hasCodePoint(cp)) ?? all[0]);
    if (last && last.font === font) last.text += ch;
    else runs.push({ font, text: ch });
  }
  return runs.length ? runs : [{ font: all[0], text: "" }];
}
