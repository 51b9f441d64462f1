import type { Core } from '@strapi/strapi';
import { MOST_READ_EVENT } from '../api/reads/services/reads';

const NAME = 'publisher';
const EVENTS = [
  'entry.create',
  'entry.update',
  'entry.delete',
  'entry.publish',
  'entry.unpublish',
  'media.create',
  'media.update',
  'media.delete',
  MOST_READ_EVENT,
];

interface Webhook {
  id: string | number;
  name: string;
  url: string;
  headers: Record<string, string>;
  events: string[];
  isEnabled: boolean;
}
interface WebhookStore {
  findWebhooks(): Promise<Webhook[]>;
  createWebhook(w: Omit<Webhook, 'id' | 'isEnabled'>): Promise<Webhook>;
  updateWebhook(id: Webhook['id'], w: Partial<Webhook>): Promise<Webhook>;
  allowedEvents: Map<string, string>;
  addAllowedEvent(key: string, value: string): void;
}
interface WebhookRunner {
  add(w: Webhook): void;
  update(w: Webhook): void;
}

/**
 * Points a Strapi webhook at the publisher (PUBLISHER_URL, with PUBLISHER_SECRET as bearer
 * token) so publishing, editing, deleting and media changes rebuild the site. Kept in code,
 * re-applied at every start.
 */
export async function ensurePublisherWebhook(strapi: Core.Strapi) {
  const url = process.env.PUBLISHER_URL;
  const secret = process.env.PUBLISHER_SECRET;
  if (!url || !secret) return;
  const store = strapi.get('webhookStore') as WebhookStore;
  // The most-read box changing is an event of ours, sent like the content events.
  if (![...store.allowedEvents.values()].includes(MOST_READ_EVENT)) store.addAllowedEvent('MOST_READ_UPDATE', MOST_READ_EVENT);
  const runner = strapi.get('webhookRunner') as WebhookRunner;
  const allowed = new Set(store.allowedEvents.values());
  const wanted = { name: NAME, url, headers: { Authorization: `Bearer ${secret}` }, events: EVENTS.filter((e) => allowed.has(e)) };
  const existing = (await store.findWebhooks()).find((w) => w.name === NAME);
  if (!existing) {
    runner.add(await store.createWebhook(wanted));
  } else if (
    existing.url !== url ||
    existing.headers.Authorization !== wanted.headers.Authorization ||
    existing.events.join() !== wanted.events.join() ||
    !existing.isEnabled
  ) {
    runner.update(await store.updateWebhook(existing.id, { ...wanted, isEnabled: true }));
  }
}
