import { ApiError } from '../../errors/api-error.js';
import type { SpendLedger } from './spend-ledger.js';

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
  constructor(private readonly ledger: SpendLedger) {}

  /** Reserves `amount` under each budget set (null: none); undefined when no budget applies. */
  async reserve(
    budgets: { projectId: string; project: number | null; keyId: string; key: number | null },
    amount: number,
    at: number,
  ): Promise<BudgetHold | undefined> {
    if (budgets.project === null && budgets.key === null) return undefined;
    const hold: BudgetHold = { scopes: [], amount, at };
    if (budgets.project !== null) {
      const scope = `project:${budgets.projectId}`;
      if (!(await this.ledger.reserve(scope, budgets.project, amount, at))) throw new ApiError('ModelArts.81005');
      hold.scopes.push(scope);
    }
    if (budgets.key !== null) {
      const scope = `key:${budgets.keyId}`;
      if (!(await this.ledger.reserve(scope, budgets.key, amount, at))) {
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

  /** The month's spend (with reservations of calls running) of a project or key. */
  spent(kind: 'project' | 'key', id: string, at = Date.now()): Promise<number> {
    return this.ledger.spent(`${kind}:${id}`, at);
  }
}
