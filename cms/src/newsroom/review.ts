/**
 * The review queue: a story's review state ("Nháp" → "Chờ duyệt" → "Đã duyệt" / "Trả lại").
 * A reporter moves their own draft between "Nháp" and "Chờ duyệt" (sending it for review is
 * saving that one field); only editors approve or return. Publishing approves.
 */
import { errors } from '@strapi/utils';
import { REVIEW_STATES, type ReviewState } from '@tintinh/content-types';
import type { Actor } from './actor';
import { NEWSROOM_ROLES } from './roles';

export const APPROVED: ReviewState = 'Đã duyệt';
const REPORTER_MAY_SET: ReadonlySet<string> = new Set<ReviewState>(['Nháp', 'Chờ duyệt']);

/** Whether the actor's only newsroom power is writing (every role they hold is Phóng viên). */
export const isReporterOnly = (actor: Actor) => actor.roleCodes.length > 0 && actor.roleCodes.every((code) => code === NEWSROOM_ROLES.reporter.code);

/** Refuses a review state the actor may not set; names the state and the article. */
export function checkReviewChange(actor: Actor, next: unknown, current: unknown, label: string): void {
  if (next === undefined || next === current) return;
  if (typeof next !== 'string' || !(REVIEW_STATES as readonly string[]).includes(next)) {
    throw new errors.ValidationError(`Bài "${label}": trạng thái duyệt "${String(next)}" không hợp lệ`);
  }
  if (isReporterOnly(actor) && !REPORTER_MAY_SET.has(next)) {
    throw new errors.ForbiddenError(`Bài "${label}": phóng viên chỉ gửi duyệt được, không đặt trạng thái "${next}"`);
  }
}

/**
 * A reporter neither schedules a story nor changes one an editor has scheduled: scheduled
 * publishing puts the draft out as it stands, so either would reach readers unreviewed.
 */
export function checkReporterScheduling(actor: Actor, requested: unknown, scheduled: string | null | undefined, label: string): void {
  if (!isReporterOnly(actor)) return;
  if (scheduled) throw new errors.ForbiddenError(`Bài "${label}" đã được hẹn giờ đăng: phóng viên không sửa được nữa`);
  if (requested !== undefined && requested !== null && requested !== '') {
    throw new errors.ForbiddenError(`Bài "${label}": phóng viên không hẹn giờ đăng được, biên tập viên hẹn giờ khi duyệt`);
  }
}
