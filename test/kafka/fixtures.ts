import { TopicSizingInput } from '../../lib/kafka';

/**
 * The reference design's large tracing profile as a topic-sizing input: it starts at 10 000 traces/s and buffers
 * them in Kafka in front of the ingesters. Ten spans of 500 bytes per trace is 50 MB/s; one ingester is taken to
 * write 5 000 spans/s (2.5 MB/s) to Elasticsearch; Elasticsearch may be down for six hours; three brokers.
 */
export const LARGE_PROFILE_TOPIC: TopicSizingInput = {
  ingest: { tracesPerSecond: 10_000, spansPerTrace: 10, bytesPerSpan: 500 },
  consumerThroughput: { spansPerSecond: 5_000 },
  outageWindow: '6h',
  brokers: 3,
};
