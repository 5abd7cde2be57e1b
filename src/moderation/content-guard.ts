import type { FastifyInstance } from 'fastify';
import type { TextRequestCategory } from './api-contract.js';
import type { GlossaryStore } from './glossaries.js';
import { moderateText } from './text/text-moderator.js';

/** Categories the guard checks: everything but ads (an LLM prompt quoting an advert is no harm to stop). */
const guardCategories: readonly TextRequestCategory[] = ['terrorism', 'porn', 'ban', 'abuse', 'politics'];

/** A checker bound to one project's glossaries, synchronous, for checking many windows of one answer. */
export interface GuardChecker {
  /** The label that blocks the text, or undefined when it may pass. */
  blockedBy(text: string): string | undefined;
}

/**
 * The MaaS content guard on this platform's own text moderation: the built-in lexicons and models, the operator's
 * category lexicons and every glossary of the project (black lists block, white lists excuse). Only `block` stops a
 * call; what the moderator would send to review passes.
 */
export class ContentGuard {
  constructor(private readonly glossaries: GlossaryStore) {}

  async checker(projectId: string): Promise<GuardChecker> {
    const lists = await this.glossaries.allMatchers(projectId, guardCategories);
    return {
      blockedBy(text: string) {
        if (text === '') return undefined;
        const result = moderateText(text, guardCategories, lists.black, lists.white);
        return result.suggestion === 'block' ? result.label : undefined;
      },
    };
  }
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The content guard the moderation domain offers the MaaS gateway. */
    contentGuard: ContentGuard;
  }
}

export function offerContentGuard(app: FastifyInstance, glossaries: GlossaryStore): void {
  app.decorate('contentGuard', new ContentGuard(glossaries));
}
