/** What a promote or retry request's 409 means: one promotion per stage at a time. */
export const PROMOTION_RUNNING_MESSAGE =
  'A promotion is already running for this stage; wait for it to finish.';
