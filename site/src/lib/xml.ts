/** Text placed in XML (feeds, sitemaps) or in HTML the site writes by hand: every markup character as a reference. */
export const escapeXml = (s: string) => s.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
