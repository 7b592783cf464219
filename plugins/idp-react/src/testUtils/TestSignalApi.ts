import { act } from 'react';

type Listener = (message: object) => void;

/**
 * A signal API (`signalApiRef` of `@backstage/plugin-signals-react`) for
 * component tests: `publish` delivers a message to the channel's subscribers,
 * as the backend would, inside `act` so the test sees the re-render.
 *
 * @public
 */
export class TestSignalApi {
  private readonly listeners = new Map<string, Set<Listener>>();

  subscribe<TMessage extends object>(
    channel: string,
    onMessage: (message: TMessage) => void,
  ): { unsubscribe(): void } {
    const listener = onMessage as Listener;
    const channelListeners = this.listeners.get(channel) ?? new Set();
    channelListeners.add(listener);
    this.listeners.set(channel, channelListeners);
    return { unsubscribe: () => channelListeners.delete(listener) };
  }

  publish(channel: string, message: object): void {
    act(() => {
      // A copy per message, as a real delivery is parsed anew.
      this.listeners
        .get(channel)
        ?.forEach(listener => listener({ ...message }));
    });
  }
}
