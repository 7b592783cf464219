import { useEffect, useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import Timeline from '@material-ui/lab/Timeline';
import Alert from '@material-ui/lab/Alert';
import {
  Artifact,
  Promotion,
  promotionPromotePermission,
} from '@idp-platform/backstage-plugin-idp-common';
import { describeBackendError } from '@idp-platform/backstage-plugin-idp-react';
import { promotionApiRef } from '../../api';
import { PROMOTION_RUNNING_MESSAGE } from '../promotionRunningMessage';
import { PromotionTimelineEntry } from './PromotionTimelineEntry';

const PAGE_SIZE = 25;

/**
 * Every promotion of a component, newest first, with its steps; rollbacks are
 * marked. Pages on the server ("Show older") and reloads when `refreshKey` changes.
 */
export function PromotionHistory(props: {
  entityRef: string;
  artifacts: Artifact[];
  refreshKey: number;
  onChanged: () => void;
}) {
  const { entityRef, refreshKey } = props;
  const api = useApi(promotionApiRef);
  const [promotions, setPromotions] = useState<Promotion[]>();
  const [nextOffset, setNextOffset] = useState<number>();
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<Error>();
  const [retrying, setRetrying] = useState(false);
  const [retryError, setRetryError] = useState<string>();

  const load = async (offset: number) => {
    setLoading(true);
    try {
      const page = await api.getHistory({
        entityRef,
        limit: PAGE_SIZE,
        offset,
      });
      setPromotions(previous =>
        offset === 0 ? page.items : [...(previous ?? []), ...page.items],
      );
      setNextOffset(page.nextOffset);
      setError(undefined);
    } catch (e) {
      setError(e as Error);
    } finally {
      setLoading(false);
    }
  };

  useEffect(() => {
    load(0);
    // Reload the newest page when the entity changes or a signal arrives.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [api, entityRef, refreshKey]);

  const retry = async (promotion: Promotion) => {
    setRetrying(true);
    setRetryError(undefined);
    try {
      await api.retry(promotion.id);
      props.onChanged();
    } catch (e) {
      setRetryError(
        describeBackendError(e as Error, {
          permission: promotionPromotePermission,
          conflict: PROMOTION_RUNNING_MESSAGE,
        }),
      );
    } finally {
      setRetrying(false);
    }
  };

  const artifactOf = (id: string) => props.artifacts.find(a => a.id === id);

  let body;
  if (error) body = <ResponseErrorPanel error={error} />;
  else if (!promotions) body = <Progress />;
  else if (promotions.length === 0) {
    body = (
      <Typography variant="body2" color="textSecondary">
        No promotions yet.
      </Typography>
    );
  } else {
    body = (
      <>
        {retryError && <Alert severity="error">{retryError}</Alert>}
        <Timeline align="left" aria-label="Promotion history">
          {promotions.map((promotion, index) => (
            <PromotionTimelineEntry
              key={promotion.id}
              promotion={promotion}
              artifact={artifactOf(promotion.artifactId)}
              isLast={index === promotions.length - 1}
              retrying={retrying}
              onRetry={retry}
            />
          ))}
        </Timeline>
        {nextOffset !== undefined && (
          <Button disabled={loading} onClick={() => load(nextOffset)}>
            Show older promotions
          </Button>
        )}
      </>
    );
  }
  return <InfoCard title="History">{body}</InfoCard>;
}
