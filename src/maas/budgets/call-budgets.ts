import { ApiError } from '../../errors/api-error.js';
import type { MonthToDate, SpendLedger } from './spend-ledger.js';

/**
 * Where a budget's counter starts when its ledger has none: the month's spend so far as the call statistics hold it
 * (the cost stored per call), so that a restart does not hand a month's budget back.
 */
export interface RecordedSpend {
  /** A project's calls through the data plane (with an API key) since `sinceMs`. */
  project(projectId: string, sinceMs: number): Promise<number>;
  /** The calls made with a key's label in its project since `sinceMs`. */
  key(projectId: string, label: string, sinceMs: number): Promise<number>;
}

/** The key a call is made with, as its budget needs it. */
export interface BudgetedKey {
  keyId: string;
  label: string;
  /** When the key was created: spend under its label before that is an earlier key's, deleted since. */
  createdAt: number;
}

/** What a call reserved against budgets, to be settled with its real cost when it ends. */
export interface BudgetHold {
  /** Ledger scopes holding the reservation: the project's, the key's. */
  scopes: string[];
  amount: number;
  at: number;
}

/**
 * Monthly budgets on calls: the project's (the operator's setting, ModelArts.81005 once spent) and the API key's
 * (ModelArts.81110, answered to OpenAI clients as a 429 of type `insufficient_quota`, as OpenAI answers an account
 * out of credit). A call reserves its estimated cost in both before it starts and settles its real cost when it ends,
 * however it ends.
 */
export class CallBudgets {
  constructor(
    private readonly ledger: SpendLedger,
    private readonly recorded: RecordedSpend,
  ) {}

  private projectSeed(projectId: string): MonthToDate {
    return (monthStartMs) => this.recorded.project(projectId, monthStartMs);
  }

  /** Reserves `amount` under each budget set (null: none); undefined when no budget applies. */
  async reserve(
    budgets: { projectId: string; project: number | null; key: BudgetedKey; keyBudget: number | null },
    amount: number,
    at: number,
  ): Promise<BudgetHold | undefined> {
    if (budgets.project === null && budgets.keyBudget === null) return undefined;
    const hold: BudgetHold = { scopes: [], amount, at };
    if (budgets.project !== null) {
      const scope = `project:${budgets.projectId}`;
      const seed = this.projectSeed(budgets.projectId);
      if (!(await this.ledger.reserve(scope, budgets.project, amount, at, seed))) throw new ApiError('ModelArts.81005');
      hold.scopes.push(scope);
    }
    if (budgets.keyBudget !== null) {
      const { keyId, label, createdAt } = budgets.key;
      const scope = `key:${keyId}`;
      // Statistics are per minute: from the minute the key was created, or the month's start if later.
      const seed: MonthToDate = (monthStartMs) =>
        this.recorded.key(budgets.projectId, label, Math.max(monthStartMs, createdAt - (createdAt % 60_000)));
      if (!(await this.ledger.reserve(scope, budgets.keyBudget, amount, at, seed))) {
        // The project's reservation goes back: the call does not start.
        await this.release(hold);
        throw new ApiError('ModelArts.81110');
      }
      hold.scopes.push(scope);
    }
    return hold;
  }

  /** Charges the call's real cost in place of its reservation (0 for a call that failed before any answer). */
  async settle(hold: BudgetHold, cost: number): Promise<void> {
    const delta = cost - hold.amount;
    for (const scope of hold.scopes) await this.ledger.settle(scope, delta, hold.at);
  }

  private release(hold: BudgetHold): Promise<void> {
    return this.settle(hold, 0);
  }

  /** The month's spend (with reservations of calls running) of a project. */
  projectSpent(projectId: string, at = Date.now()): Promise<number> {
    return this.ledger.spent(`project:${projectId}`, at, this.projectSeed(projectId));
  }
}
