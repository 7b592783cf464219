import { SignalApi, SignalSubscriber } from '@backstage/plugin-signals-react';
import { act } from '@testing-library/react';

type JsonObject = Parameters<Parameters<SignalApi['subscribe']>[1]>[0];

/** SignalApi for component tests: `publish` delivers to the subscribers. */
export class FakeSignalApi implements SignalApi {
  private readonly subscribers = new Map<
    string,
    Set<(message: JsonObject) => void>
  >();

  subscribe<TMessage extends JsonObject = JsonObject>(
    channel: string,
    onMessage: (message: TMessage) => void,
  ): SignalSubscriber {
    const listener = onMessage as (message: JsonObject) => void;
    const listeners = this.subscribers.get(channel) ?? new Set();
    listeners.add(listener);
    this.subscribers.set(channel, listeners);
    return { unsubscribe: () => listeners.delete(listener) };
  }

  publish(channel: string, message: JsonObject) {
    act(() => {
      for (const listener of this.subscribers.get(channel) ?? []) {
        listener({ ...message });
      }
    });
  }
}
