// The frame every email shares: preview text, logo line, card, footer.
import {
  Body,
  Button,
  Container,
  Head,
  Heading,
  Hr,
  Html,
  Preview,
  Section,
  Text,
} from "@react-email/components";
import type { ReactNode } from "react";
import { brand } from "./brand.ts";

const c = brand.colors;

export function Layout(props: { preview: string; heading: string; children: ReactNode; footer?: string }) {
  return (
    <Html lang="en">
      <Head />
      <Preview>{props.preview}</Preview>
      <Body
        style={{ backgroundColor: c.background, fontFamily: brand.fontFamily, margin: 0, padding: "24px 0" }}
      >
        <Container style={{ maxWidth: "560px", margin: "0 auto" }}>
          <Text style={{ color: c.primary, fontSize: "20px", fontWeight: 700, margin: "0 0 16px" }}>
            {brand.name}
          </Text>
          <Section
            style={{
              backgroundColor: c.card,
              border: `1px solid ${c.border}`,
              borderRadius: "8px",
              padding: "24px",
            }}
          >
            <Heading as="h1" style={{ color: c.text, fontSize: "22px", margin: "0 0 16px" }}>
              {props.heading}
            </Heading>
            {props.children}
          </Section>
          <Hr style={{ borderColor: c.border, margin: "24px 0 12px" }} />
          <Text style={{ color: c.muted, fontSize: "12px", margin: 0 }}>
            {props.footer ??
              `${brand.name} · ${brand.tagline}. You receive this email because of your account.`}
          </Text>
        </Container>
      </Body>
    </Html>
  );
}

export function P(props: { children: ReactNode; muted?: boolean }) {
  return (
    <Text
      style={{
        color: props.muted ? c.muted : c.text,
        fontSize: "15px",
        lineHeight: "24px",
        margin: "0 0 12px",
      }}
    >
      {props.children}
    </Text>
  );
}

export function Action(props: { href: string; children: ReactNode }) {
  return (
    <Section style={{ margin: "20px 0" }}>
      <Button
        href={props.href}
        style={{
          backgroundColor: c.primary,
          color: c.primaryText,
          borderRadius: "6px",
          padding: "12px 20px",
          fontSize: "15px",
          fontWeight: 600,
          textDecoration: "none",
        }}
      >
        {props.children}
      </Button>
    </Section>
  );
}

export function Code(props: { code: string }) {
  return (
    <Text
      style={{
        fontSize: "28px",
        letterSpacing: "6px",
        fontWeight: 700,
        color: c.text,
        backgroundColor: c.background,
        borderRadius: "6px",
        padding: "12px",
        textAlign: "center",
        margin: "12px 0",
      }}
    >
      {props.code}
    </Text>
  );
}

export function Rows(props: { rows: [string, string][] }) {
  return (
    <Section style={{ margin: "8px 0 16px" }}>
      {props.rows.map(([k, v]) => (
        <Text key={k} style={{ color: c.text, fontSize: "14px", margin: "0 0 4px" }}>
          <span style={{ color: c.muted }}>{k}:</span> {v}
        </Text>
      ))}
    </Section>
  );
}
