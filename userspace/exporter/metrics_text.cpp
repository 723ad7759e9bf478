#include "exporter/metrics_text.h"

#include <fmt/format.h>

#include <cmath>

namespace sysray::exporter {

namespace {

// HELP text: only \\ and \n are escaped (both formats).
std::string escape_help(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '\\') out += "\\\\";
    else if (c == '\n') out += "\\n";
    else out += c;
  }
  return out;
}

const char* type_name(MetricType t) {
  switch (t) {
    case MetricType::Counter: return "counter";
    case MetricType::Histogram: return "histogram";
    case MetricType::Gauge: break;
  }
  return "gauge";
}

void append_sample(std::string& out, const std::string& family, const Sample& s) {
  out += family;
  out += s.suffix;
  if (!s.labels.empty()) {
    out += '{';
    for (size_t i = 0; i < s.labels.size(); ++i) {
      if (i) out += ',';
      out += s.labels[i].name;
      out += "=\"";
      out += escape_label_value(s.labels[i].value);
      out += '"';
    }
    out += '}';
  }
  out += ' ';
  out += format_value(s.value);
  out += '\n';
}

}  // namespace

std::string render(const std::vector<MetricFamily>& families, ExpositionFormat format) {
  std::string out;
  for (const auto& f : families) {
    if (f.samples.empty()) continue;
    // Text 0.0.4 names a counter by its sample name (with _total); OpenMetrics by the family.
    std::string declared = f.name;
    if (format == ExpositionFormat::Text && f.type == MetricType::Counter) declared += "_total";
    out += fmt::format("# HELP {} {}\n# TYPE {} {}\n", declared, escape_help(f.help), declared,
                       type_name(f.type));
    for (const auto& s : f.samples) append_sample(out, f.name, s);
  }
  if (format == ExpositionFormat::OpenMetrics) out += "# EOF\n";
  return out;
}

ExpositionFormat negotiate(std::string_view accept) {
  return accept.find("application/openmetrics-text") != std::string_view::npos
             ? ExpositionFormat::OpenMetrics
             : ExpositionFormat::Text;
}

const char* content_type(ExpositionFormat format) {
  return format == ExpositionFormat::OpenMetrics
             ? "application/openmetrics-text; version=1.0.0; charset=utf-8"
             : "text/plain; version=0.0.4; charset=utf-8";
}

std::string escape_label_value(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (char c : value) {
    if (c == '\\') out += "\\\\";
    else if (c == '"') out += "\\\"";
    else if (c == '\n') out += "\\n";
    else out += c;
  }
  return out;
}

std::string format_value(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  // Exact integers up to 2^53 print as integers: counts read as they were counted.
  if (v == std::floor(v) && std::fabs(v) < 9007199254740992.0)
    return fmt::format("{}", static_cast<long long>(v));
  return fmt::format("{}", v);
}

std::string sanitize_utf8(std::string_view bytes) {
  std::string out;
  size_t i = 0;
  while (i < bytes.size()) {
    auto c = static_cast<unsigned char>(bytes[i]);
    size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xe ? 3 : (c >> 3) == 0x1e ? 4 : 0;
    bool ok = len > 0 && i + len <= bytes.size();
    for (size_t k = 1; ok && k < len; ++k)
      ok = (static_cast<unsigned char>(bytes[i + k]) & 0xc0) == 0x80;
    // Overlong forms and surrogates are not UTF-8 either (Go's utf8.ValidString refuses them).
    if (ok && len == 2) ok = c >= 0xc2;
    if (ok && len == 3) {
      auto c1 = static_cast<unsigned char>(bytes[i + 1]);
      ok = !(c == 0xe0 && c1 < 0xa0) && !(c == 0xed && c1 >= 0xa0);
    }
    if (ok && len == 4) {
      auto c1 = static_cast<unsigned char>(bytes[i + 1]);
      ok = c <= 0xf4 && !(c == 0xf0 && c1 < 0x90) && !(c == 0xf4 && c1 >= 0x90);
    }
    if (!ok) {
      out += '?';
      ++i;
      continue;
    }
    if (len == 1 && (c < 0x20 || c == 0x7f)) out += '?';
    else out.append(bytes.substr(i, len));
    i += len;
  }
  return out;
}

}  // namespace sysray::exporter
