import { SignalApi, SignalSubscriber } from '@backstage/plugin-signals-react';
import { act } from '@testing-library/react';

type SignalMessage = Parameters<Parameters<SignalApi['subscribe']>[1]>[0];

/** SignalApi for component tests: `publish` delivers a message to the channel's subscribers. */
export class MockSignalApi implements SignalApi {
  private readonly listeners = new Map<
    string,
    Set<(message: SignalMessage) => void>
  >();

  subscribe<TMessage extends SignalMessage = SignalMessage>(
    channel: string,
    onMessage: (message: TMessage) => void,
  ): SignalSubscriber {
    const listener = onMessage as (message: SignalMessage) => void;
    const channelListeners = this.listeners.get(channel) ?? new Set();
    channelListeners.add(listener);
    this.listeners.set(channel, channelListeners);
    return { unsubscribe: () => channelListeners.delete(listener) };
  }

  publish(channel: string, message: SignalMessage) {
    act(() => {
      this.listeners
        .get(channel)
        ?.forEach(listener => listener({ ...message }));
    });
  }
}
