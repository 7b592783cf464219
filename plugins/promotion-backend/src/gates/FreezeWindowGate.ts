import { FreezeCalendar } from '../pipeline/FreezeCalendar';
import {
  GateContext,
  GateResult,
  PromotionGate,
  verdict,
} from './PromotionGate';

/** Waits while the target environment is frozen; deny windows win over allow windows. */
export class FreezeWindowGate implements PromotionGate {
  readonly type = 'freeze-window' as const;

  constructor(private readonly calendar: FreezeCalendar) {}

  async evaluate(context: GateContext): Promise<GateResult> {
    const environment = context.stage.environment.name;
    const status = this.calendar.status(environment, context.now);
    if (!status.closed) {
      return verdict(context, this.type, 'pass', `${environment} is open`);
    }
    return verdict(
      context,
      this.type,
      'pending',
      `${environment} is frozen: ${status.reason}${
        status.nextOpen ? `; opens ${status.nextOpen}` : ''
      }`,
    );
  }
}
