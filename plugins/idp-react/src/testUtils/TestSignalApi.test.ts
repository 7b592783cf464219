import { TestSignalApi } from './TestSignalApi';

describe('TestSignalApi', () => {
  it("delivers a published message to the channel's subscribers only", () => {
    const signals = new TestSignalApi();
    const received: object[] = [];
    const elsewhere: object[] = [];
    signals.subscribe('idp:hosting', message => received.push(message));
    signals.subscribe('idp:other', message => elsewhere.push(message));

    signals.publish('idp:hosting', { name: 'weather' });

    expect(received).toEqual([{ name: 'weather' }]);
    expect(elsewhere).toEqual([]);
  });

  it('stops delivering after unsubscribe', () => {
    const signals = new TestSignalApi();
    const received: object[] = [];
    const subscription = signals.subscribe('idp:hosting', message =>
      received.push(message),
    );

    subscription.unsubscribe();
    signals.publish('idp:hosting', { name: 'weather' });

    expect(received).toEqual([]);
  });
});
