/*
 * The test broker: librdkafka's mock cluster (real Kafka wire protocol, in memory), driven
 * over stdin so tests can take brokers down and up and inject errors between requests.
 *
 *   mock-broker [--brokers N] [topic:partitions ...]
 *
 * Prints "bootstrap HOST:PORT[,...]" once listening, then answers each command line with
 * "ok" or "error <why>". Exits when stdin closes, so it never outlives its parent.
 *
 *   topic <name> <partitions>        create a topic (the mock has no CreateTopics handler)
 *   down <broker|-1> / up <broker|-1> refuse / accept connections (-1: every broker)
 *   rtt <broker|-1> <ms>             delay every response: a model of a remote cluster
 *   error <apikey> <code> [count]    the next count requests of that API fail with code
 *   delay <broker> <apikey> <ms>     the next request of that API is served, its answer held ms
 *   clear <apikey>                   drop pending injected errors of that API
 *   missing <name>                   answer metadata for the topic as Kafka does for one that does not
 *                                    exist (the mock itself creates any topic it is asked about)
 */
#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int brokers = 1;
static rd_kafka_mock_cluster_t *mc;

static void reply(rd_kafka_resp_err_t err) {
  if (err) printf("error %s\n", rd_kafka_err2str(err));
  else printf("ok\n");
  fflush(stdout);
}

static rd_kafka_resp_err_t each_broker(int id, rd_kafka_resp_err_t (*fn)(rd_kafka_mock_cluster_t *, int32_t)) {
  if (id != -1) return fn(mc, id);
  for (int b = 1; b <= brokers; b++) {
    rd_kafka_resp_err_t err = fn(mc, b);
    if (err) return err;
  }
  return RD_KAFKA_RESP_ERR_NO_ERROR;
}

static rd_kafka_resp_err_t set_rtt(int id, int ms) {
  if (id != -1) return rd_kafka_mock_broker_set_rtt(mc, id, ms);
  for (int b = 1; b <= brokers; b++) {
    rd_kafka_resp_err_t err = rd_kafka_mock_broker_set_rtt(mc, b, ms);
    if (err) return err;
  }
  return RD_KAFKA_RESP_ERR_NO_ERROR;
}

static int create_topic(const char *name, int partitions) {
  return rd_kafka_mock_topic_create(mc, name, partitions, brokers < 3 ? brokers : 3);
}

static void command(char *line) {
  char name[256];
  int a, b, c = 1;
  if (sscanf(line, "topic %255s %d", name, &a) == 2) return reply(create_topic(name, a));
  if (sscanf(line, "down %d", &a) == 1) return reply(each_broker(a, rd_kafka_mock_broker_set_down));
  if (sscanf(line, "up %d", &a) == 1) return reply(each_broker(a, rd_kafka_mock_broker_set_up));
  if (sscanf(line, "rtt %d %d", &a, &b) == 2) return reply(set_rtt(a, b));
  if (sscanf(line, "delay %d %d %d", &a, &b, &c) == 3)
    return reply(rd_kafka_mock_broker_push_request_error_rtts(mc, a, (int16_t)b, 1, RD_KAFKA_RESP_ERR_NO_ERROR, c));
  if (sscanf(line, "error %d %d %d", &a, &b, &c) >= 2) {
    if (c < 1 || c > 1000) return reply(RD_KAFKA_RESP_ERR__INVALID_ARG);
    rd_kafka_resp_err_t errors[1000];
    for (int i = 0; i < c; i++) errors[i] = (rd_kafka_resp_err_t)b;
    rd_kafka_mock_push_request_errors_array(mc, (int16_t)a, (size_t)c, errors);
    return reply(RD_KAFKA_RESP_ERR_NO_ERROR);
  }
  if (sscanf(line, "missing %255s", name) == 1) {
    rd_kafka_mock_topic_set_error(mc, name, RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART);
    return reply(RD_KAFKA_RESP_ERR_NO_ERROR);
  }
  if (sscanf(line, "clear %d", &a) == 1) {
    rd_kafka_mock_clear_request_errors(mc, (int16_t)a);
    return reply(RD_KAFKA_RESP_ERR_NO_ERROR);
  }
  printf("error unknown command: %s", line);
  fflush(stdout);
}

int main(int argc, char **argv) {
  int first_topic = 1;
  if (argc > 2 && strcmp(argv[1], "--brokers") == 0) {
    brokers = atoi(argv[2]);
    first_topic = 3;
  }
  if (brokers < 1) {
    fprintf(stderr, "usage: mock-broker [--brokers N] [topic:partitions ...]\n");
    return 2;
  }
  char errstr[512];
  rd_kafka_conf_t *conf = rd_kafka_conf_new();
  rd_kafka_conf_set(conf, "log_level", "3", errstr, sizeof errstr);
  rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, errstr, sizeof errstr);
  if (!rk) {
    fprintf(stderr, "mock-broker: %s\n", errstr);
    return 1;
  }
  mc = rd_kafka_mock_cluster_new(rk, brokers);
  if (!mc) {
    fprintf(stderr, "mock-broker: could not start the mock cluster\n");
    return 1;
  }
  for (int i = first_topic; i < argc; i++) {
    char *colon = strrchr(argv[i], ':');
    if (!colon) {
      fprintf(stderr, "mock-broker: topic argument must be name:partitions, got %s\n", argv[i]);
      return 2;
    }
    *colon = '\0';
    if (create_topic(argv[i], atoi(colon + 1))) {
      fprintf(stderr, "mock-broker: could not create topic %s\n", argv[i]);
      return 1;
    }
  }
  printf("bootstrap %s\n", rd_kafka_mock_cluster_bootstraps(mc));
  fflush(stdout);
  char line[1024];
  while (fgets(line, sizeof line, stdin)) command(line);
  rd_kafka_mock_cluster_destroy(mc);
  rd_kafka_destroy(rk);
  return 0;
}
