import { SignalApi, SignalSubscriber } from '@backstage/plugin-signals-react';
import { act } from '@testing-library/react';

type SignalMessage = Parameters<Parameters<SignalApi['subscribe']>[1]>[0];

/** SignalApi for component tests: `publish` delivers to the subscribers of a channel. */
export class TestSignalApi implements SignalApi {
  private readonly listeners: {
    channel: string;
    onMessage: (message: SignalMessage) => void;
  }[] = [];

  subscribe<TMessage extends SignalMessage = SignalMessage>(
    channel: string,
    onMessage: (message: TMessage) => void,
  ): SignalSubscriber {
    const listener = {
      channel,
      onMessage: onMessage as (message: SignalMessage) => void,
    };
    this.listeners.push(listener);
    return {
      unsubscribe: () => {
        const index = this.listeners.indexOf(listener);
        if (index >= 0) this.listeners.splice(index, 1);
      },
    };
  }

  publish(channel: string, message: SignalMessage) {
    act(() => {
      this.listeners
        .filter(listener => listener.channel === channel)
        .forEach(listener => listener.onMessage({ ...message }));
    });
  }
}
