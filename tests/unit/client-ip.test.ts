import { describe, expect, it } from "vitest";
import { clientIp } from "../../edge-functions/_shared/client-ip.ts";

const h = (xff?: string) => new Headers(xff === undefined ? {} : { "x-forwarded-for": xff });

describe("clientIp", () => {
  it("takes the entry the trusted proxy appended, not the client-written first one", () => {
    expect(clientIp(h("198.51.100.66, 203.0.113.7"))).toBe("203.0.113.7");
    expect(clientIp(h("203.0.113.7"))).toBe("203.0.113.7");
  });
  it("counts trusted hops from the right", () => {
    expect(clientIp(h("198.51.100.66, 2001:db8::5, 10.0.0.1"), 2)).toBe("2001:db8::5");
  });
  it("gives null when there are fewer entries than trusted hops, none, or garbage", () => {
    expect(clientIp(h("10.0.0.1"), 2)).toBeNull();
    expect(clientIp(h())).toBeNull();
    expect(clientIp(h(""))).toBeNull();
    expect(clientIp(h("10.0.0.1, <script>"))).toBeNull();
    expect(clientIp(h("10.0.0.1"), 0)).toBeNull();
  });
  it("ignores x-real-ip, which the client controls", () => {
    expect(clientIp(new Headers({ "x-real-ip": "203.0.113.9" }))).toBeNull();
  });
});
