import { ErrorCode, ErrorContext, ObservabilityConstructError, configHash, isDnsSubdomain } from '../../core';

/** Longest topic name Kafka accepts (`org.apache.kafka.common.internals.Topic`). */
export const MAX_TOPIC_NAME_LENGTH = 249;

const LEGAL_TOPIC = /^[a-zA-Z0-9._-]+$/;

/**
 * Checks a topic name as Kafka does: 1 to 249 characters out of ASCII letters, digits, `.`, `_` and `-`, and not
 * `.` or `..`.
 */
export function checkTopicName(name: string, context: ErrorContext, prop: string): string {
  const legal =
    LEGAL_TOPIC.test(name) && name.length <= MAX_TOPIC_NAME_LENGTH && name !== '.' && name !== '..';
  if (!legal) {
    const suggestion = name.replace(/[^a-zA-Z0-9._-]+/g, '-').replace(/^[.]+$/, '') || 'my-topic';
    throw new ObservabilityConstructError(context, {
      code: ErrorCode.INVALID_NAME,
      prop,
      problem: `is not a topic name Kafka accepts (1 to ${MAX_TOPIC_NAME_LENGTH} ASCII letters, digits, '.', '_' and '-', and not '.' or '..')`,
      value: name,
      fix: `choose a name such as '${suggestion.slice(0, MAX_TOPIC_NAME_LENGTH)}'`,
    });
  }
  return name;
}

/**
 * The `metadata.name` of the `KafkaTopic` for a topic: the topic name itself when Kubernetes accepts it (Strimzi
 * recommends leaving `spec.topicName` unset then), else a lower-case form with a short hash of the real name, so two
 * topics that differ only in case or in `_` still get distinct resources. `topicName` is set only when needed.
 */
export function topicResourceName(topic: string): { readonly name: string; readonly topicName?: string } {
  // A boolean, not the type guard: on a string, the guard's false branch would narrow `topic` to never.
  const kubernetesName: boolean = isDnsSubdomain(topic);
  if (kubernetesName) return { name: topic };
  const base = topic
    .toLowerCase()
    .replace(/[^a-z0-9.-]+/g, '-')
    // A '.' only between two alphanumerics, so the base is a DNS subdomain (`a..b` and `a.-b` are not).
    .replace(/[-.]*\.[-.]*/g, '.')
    .slice(0, 200)
    .replace(/^[-.]+|[-.]+$/g, '');
  return { name: `${base || 'topic'}-${configHash(topic).slice(0, 8)}`, topicName: topic };
}
