// Prometheus' exposition formats: the text format 0.0.4 that every Prometheus reads, and
// OpenMetrics 1.0 for scrapers that ask for it. Pure rendering of a metric model: no kernel, no
// I/O, so the exact text is unit-tested.
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace sysray::exporter {

enum class MetricType { Counter, Gauge, Histogram };
enum class ExpositionFormat { Text, OpenMetrics };

struct Label {
  std::string name;
  std::string value;  // any bytes but valid UTF-8 (see sanitize_utf8); escaped when rendered
};

struct Sample {
  std::string suffix;         // "_total" (every counter sample), "_bucket", "_sum", "_count", ""
  std::vector<Label> labels;
  double value = 0;
};

struct MetricFamily {
  std::string name;           // without the "_total" of a counter: OpenMetrics names families so
  std::string help;
  MetricType type = MetricType::Gauge;
  std::vector<Sample> samples;
};

// The whole exposition: per family # HELP, # TYPE, its samples; OpenMetrics ends with "# EOF".
// A family without samples is left out (promtool and OpenMetrics want no empty families).
std::string render(const std::vector<MetricFamily>& families, ExpositionFormat format);

// The format a scrape's Accept header asks for: OpenMetrics only when it names
// application/openmetrics-text (Prometheus sends it first when it prefers it).
ExpositionFormat negotiate(std::string_view accept);
const char* content_type(ExpositionFormat format);

// A label value as the formats quote it: \\, \" and \n escaped.
std::string escape_label_value(std::string_view value);
// A number as Prometheus parses it: integers exactly ("1000", not "1e+03"), others in the
// shortest form that reads back to the same double, "+Inf"/"-Inf"/"NaN" for the rest.
std::string format_value(double value);
// `bytes` with what is not valid UTF-8 (a comm cut in a multi-byte character, arbitrary bytes
// from prctl(PR_SET_NAME)) and control characters replaced by '?': Prometheus refuses a scrape
// with a label value that is not UTF-8.
std::string sanitize_utf8(std::string_view bytes);

}  // namespace sysray::exporter
