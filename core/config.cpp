#include "config.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstdlib>
#include <cmath>
#include <utility>

namespace bp {

namespace {

using nlohmann::json;

template <class E, std::size_t N>
using NameTable = std::array<std::pair<E, std::string_view>, N>;

constexpr NameTable<Activation, 7> activation_names{{{Activation::linear, "linear"},
                                                     {Activation::relu, "relu"},
                                                     {Activation::leaky_relu, "leaky-relu"},
                                                     {Activation::tanh, "tanh"},
                                                     {Activation::sigmoid, "sigmoid"},
                                                     {Activation::softplus, "softplus"},
                                                     {Activation::softmax, "softmax"}}};
constexpr NameTable<Loss, 3> loss_names{
    {{Loss::mse, "mse"}, {Loss::bce, "bce"}, {Loss::softmax_cross_entropy, "softmax-ce"}}};
constexpr NameTable<Regularization, 3> regularization_names{
    {{Regularization::none, "none"}, {Regularization::l1, "l1"}, {Regularization::l2, "l2"}}};
constexpr NameTable<Init, 4> init_names{
    {{Init::uniform, "uniform"}, {Init::glorot, "glorot"}, {Init::he, "he"}, {Init::zero, "zero"}}};
constexpr NameTable<Optimizer, 4> optimizer_names{{{Optimizer::sgd, "sgd"},
                                                   {Optimizer::momentum, "momentum"},
                                                   {Optimizer::rmsprop, "rmsprop"},
                                                   {Optimizer::adam, "adam"}}};
constexpr NameTable<Problem, 2> problem_names{
    {{Problem::classification, "classification"}, {Problem::regression, "regression"}}};
constexpr NameTable<Feature, 7> feature_names{{{Feature::x, "x"},
                                               {Feature::y, "y"},
                                               {Feature::x_squared, "xSquared"},
                                               {Feature::y_squared, "ySquared"},
                                               {Feature::x_times_y, "xTimesY"},
                                               {Feature::sin_x, "sinX"},
                                               {Feature::sin_y, "sinY"}}};
constexpr NameTable<DatasetName, 10> dataset_names{{{DatasetName::circle, "circle"},
                                                   {DatasetName::xor_, "xor"},
                                                   {DatasetName::gauss, "gauss"},
                                                   {DatasetName::spiral, "spiral"},
                                                   {DatasetName::moons, "moons"},
                                                   {DatasetName::checkerboard, "checkerboard"},
                                                   {DatasetName::plane, "plane"},
                                                   {DatasetName::multigauss, "multigauss"},
                                                   {DatasetName::custom, "custom"},
                                                   {DatasetName::blobs, "blobs"}}};

template <class E, std::size_t N>
std::string_view lookup_name(const NameTable<E, N>& table, E value) {
  for (const auto& [e, name] : table)
    if (e == value) return name;
  return "?";
}

template <class E, std::size_t N>
std::string list_names(const NameTable<E, N>& table, bool (*keep)(E) = nullptr) {
  std::string out;
  for (const auto& [e, name] : table) {
    if (keep && !keep(e)) continue;
    if (!out.empty()) out += ", ";
    out += name;
  }
  return out;
}

constexpr std::size_t excerpt_length = 40;

// Appends v as JSON to out, stopping once out is longer than `limit`: a message quotes a
// bounded excerpt of what it refuses, and never writes a huge or deep value whole (dumping
// one recurses once per level and copies every element).
void append_excerpt(const json& v, std::string& out, std::size_t limit) {
  if (out.size() > limit) return;
  switch (v.type()) {
    case json::value_t::object:
    case json::value_t::array: {
      const bool object = v.is_object();
      out += object ? '{' : '[';
      bool first = true;
      for (auto it = v.begin(); it != v.end() && out.size() <= limit; ++it) {
        if (!first) out += ',';
        first = false;
        if (object) {
          append_excerpt(json(it.key().substr(0, limit)), out, limit);
          out += ':';
        }
        append_excerpt(*it, out, limit);
      }
      out += object ? '}' : ']';
      return;
    }
    case json::value_t::string:
      // Cut before quoting; the replace handler turns a UTF-8 sequence cut in two into U+FFFD.
      out += json(v.get_ref<const std::string&>().substr(0, limit)).dump(-1, ' ', false,
                                                                         json::error_handler_t::replace);
      return;
    case json::value_t::number_float:
      out += number_text(v.get<double>());
      return;
    default:  // null, booleans, integers: short and exact
      out += v.dump();
  }
}

std::string shown(const json& value) {
  std::string text;
  append_excerpt(value, text, excerpt_length);
  if (text.size() > excerpt_length) text = text.substr(0, excerpt_length - 3) + "...";
  return text;
}

// A field name in quotes, cut to the excerpt's length.
std::string shown_key(std::string_view key) {
  if (key.size() > excerpt_length) return "'" + std::string(key.substr(0, excerpt_length - 3)) + "...'";
  return "'" + std::string(key) + "'";
}

std::string shown(float value) { return number_text(value); }

constexpr double float_max = 3.4028234663852886e38;

bool is_hidden_activation(Activation a) { return a != Activation::softmax; }
bool is_output_activation(Activation a) {
  return a == Activation::linear || a == Activation::tanh || a == Activation::sigmoid ||
         a == Activation::softmax;
}

// Reads the fields of one JSON object, remembering the first problem. Each read names the
// field in its message: `where` is the field's path ("layers[2]", "points[4].x").
class Reader {
 public:
  Status status;

  bool fail(std::string message) {
    if (status.ok()) status = Status::error(std::move(message));
    return false;
  }

  // A number in [lo, hi], with either end excluded as `ends` says.
  enum class Ends { closed, open_low, open_high };

  bool number(const json& v, const std::string& where, double lo, double hi, Ends ends, float& out,
              const char* range) {
    const bool is_number = v.is_number();
    const double x = is_number ? v.get<double>() : 0.0;
    auto inside = [&](double y) {
      return std::isfinite(y) && y >= lo && y <= hi && !(ends == Ends::open_low && y == lo) &&
             !(ends == Ends::open_high && y == hi);
    };
    if (!is_number || !inside(x))
      return fail(where + " must be a number " + range + " (got " + shown(v) + ")");
    // Checked again in the form the engine keeps: 1e-50 is 0 as a float, 0.99999999 is 1.
    const float f = static_cast<float>(x);
    if (!inside(static_cast<double>(f)))
      return fail(where + " must be a number " + range + " (got " + shown(v) + ", which a 32-bit float holds as " +
                  shown(f) + ")");
    out = f;
    return true;
  }

  template <class I>
  bool integer(const json& v, const std::string& where, double lo, double hi, I& out) {
    const std::string range = "from " + std::to_string(static_cast<long long>(lo)) + " to " +
                              std::to_string(static_cast<long long>(hi));
    if (!v.is_number() || std::floor(v.get<double>()) != v.get<double>() ||
        v.get<double>() < lo || v.get<double>() > hi)
      return fail(where + " must be an integer " + range + " (got " + shown(v) + ")");
    out = static_cast<I>(v.get<double>());
    return true;
  }

  template <class E, std::size_t N>
  bool name(const json& v, const std::string& where, const NameTable<E, N>& table, E& out,
            bool (*keep)(E) = nullptr) {
    if (v.is_string()) {
      const std::string text = v.get<std::string>();
      for (const auto& [e, n] : table) {
        if (n == text && (!keep || keep(e))) {
          out = e;
          return true;
        }
      }
    }
    return fail(where + " must be one of " + list_names(table, keep) + " (got " + shown(v) + ")");
  }

  // Refuses fields outside `known`, so a misspelt "learningrate" is not silently ignored.
  bool only_known(const json& object, std::initializer_list<std::string_view> known,
                  const std::string& what) {
    for (const auto& item : object.items()) {
      if (std::find(known.begin(), known.end(), item.key()) == known.end()) {
        std::string allowed;
        for (auto k : known) allowed += (allowed.empty() ? "" : ", ") + std::string(k);
        return fail("unknown field " + shown_key(item.key()) + " in " + what + " (allowed: " + allowed + ")");
      }
    }
    return true;
  }
};

Result<json> parse_object(std::string_view text, const char* what) {
  if (Status deep = check_json_depth(text, Limits::max_json_depth, what); !deep.ok()) return deep;
  json parsed = json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded()) return Status::error(std::string(what) + " is not valid JSON");
  if (!parsed.is_object()) return Status::error(std::string(what) + " must be a JSON object");
  return parsed;
}

}  // namespace

namespace {

// The shortest %g text of x, with at most `most` significant digits, that reads back as x by
// `same`; the exponent written as JavaScript writes it (1e-7, 1e+300), as the page shows it.
template <class Same>
std::string shortest(double x, int most, Same same) {
  if (std::isnan(x)) return "NaN";
  if (std::isinf(x)) return x > 0 ? "Infinity" : "-Infinity";
  char text[32];
  for (int digits = 1; digits <= most; ++digits) {
    std::snprintf(text, sizeof text, "%.*g", digits, x);
    if (same(text)) break;  // `most` digits always read back exactly
  }
  std::string out = text;
  if (const std::size_t e = out.find('e'); e != std::string::npos) {
    while (e + 3 < out.size() && out[e + 2] == '0') out.erase(e + 2, 1);
  }
  return out;
}

}  // namespace

std::string number_text(double x) {
  return shortest(x, 17, [x](const char* text) { return std::strtod(text, nullptr) == x; });
}

std::string number_text(float f) {
  return shortest(f, 9, [f](const char* text) { return std::strtof(text, nullptr) == f; });
}

Status check_json_depth(std::string_view text, int max_depth, std::string_view what) {
  int depth = 0;
  bool in_string = false, escaped = false;
  for (char ch : text) {
    if (in_string) {
      if (escaped) escaped = false;
      else if (ch == '\\') escaped = true;
      else if (ch == '"') in_string = false;
    } else if (ch == '"') {
      in_string = true;
    } else if (ch == '[' || ch == '{') {
      if (++depth > max_depth)
        return Status::error(std::string(what) + " nests arrays and objects more than " + std::to_string(max_depth) +
                             " levels deep");
    } else if (ch == ']' || ch == '}') {
      --depth;  // unbalanced text is the parser's to refuse
    }
  }
  return {};
}

std::string_view name_of(Activation e) { return lookup_name(activation_names, e); }
std::string_view name_of(Loss e) { return lookup_name(loss_names, e); }
std::string_view name_of(Regularization e) { return lookup_name(regularization_names, e); }
std::string_view name_of(Init e) { return lookup_name(init_names, e); }
std::string_view name_of(Optimizer e) { return lookup_name(optimizer_names, e); }
std::string_view name_of(Problem e) { return lookup_name(problem_names, e); }
std::string_view name_of(Feature e) { return lookup_name(feature_names, e); }
std::string_view name_of(DatasetName e) { return lookup_name(dataset_names, e); }

Problem problem_of(DatasetName name) {
  return name == DatasetName::plane || name == DatasetName::multigauss ? Problem::regression
                                                                       : Problem::classification;
}

Status validate(const NetworkConfig& c) {
  const int n = static_cast<int>(c.layers.size());
  if (n < 2 || n > Limits::max_hidden_layers + 2)
    return Status::error("layers must list 2 to 18 widths: input, 0 to 16 hidden layers, output (got " +
                         std::to_string(n) + ")");
  for (int i = 0; i < n; ++i) {
    if (c.layers[i] < 1 || c.layers[i] > Limits::max_width)
      return Status::error("layers[" + std::to_string(i) + "] must be an integer from 1 to 1024 (got " +
                           std::to_string(c.layers[i]) + ")");
  }
  if (static_cast<int>(c.activations.size()) != n - 2)
    return Status::error("activation must give one name per hidden layer (" + std::to_string(n - 2) +
                         "), got " + std::to_string(c.activations.size()));
  for (std::size_t i = 0; i < c.activations.size(); ++i) {
    if (!is_hidden_activation(c.activations[i]))
      return Status::error("activation[" + std::to_string(i) + "] must be one of " +
                           list_names(activation_names, is_hidden_activation) + " (got \"" +
                           std::string(name_of(c.activations[i])) + "\")");
  }
  if (!is_output_activation(c.output))
    return Status::error("output must be one of " + list_names(activation_names, is_output_activation) +
                         " (got \"" + std::string(name_of(c.output)) + "\")");
  const int outputs = c.layers.back();
  if (c.output == Activation::softmax && outputs < 2)
    return Status::error("output 'softmax' needs at least 2 output units (layers ends with " +
                         std::to_string(outputs) + ")");
  if (c.loss == Loss::bce && c.output != Activation::sigmoid)
    return Status::error("loss 'bce' needs output 'sigmoid' (got '" + std::string(name_of(c.output)) + "')");
  if (c.loss == Loss::softmax_cross_entropy && c.output != Activation::softmax)
    return Status::error("loss 'softmax-ce' needs output 'softmax' (got '" +
                         std::string(name_of(c.output)) + "')");
  if (!(std::isfinite(c.learning_rate) && c.learning_rate > 0))
    return Status::error("learningRate must be a finite number > 0 (got " + shown(c.learning_rate) + ")");
  if (c.batch_size < 1 || c.batch_size > Limits::max_batch_size)
    return Status::error("batchSize must be an integer from 1 to 4096 (got " + std::to_string(c.batch_size) + ")");
  if (!(std::isfinite(c.regularization_rate) && c.regularization_rate >= 0))
    return Status::error("regularizationRate must be a finite number >= 0 (got " +
                         shown(c.regularization_rate) + ")");
  const std::pair<const char*, float> unit_interval[] = {
      {"momentum", c.momentum}, {"rho", c.rho}, {"beta1", c.beta1}, {"beta2", c.beta2}};
  for (const auto& [field, value] : unit_interval) {
    if (!(value >= 0 && value < 1))
      return Status::error(std::string(field) + " must be a number in [0, 1) (got " + shown(value) + ")");
  }
  if (!(std::isfinite(c.epsilon) && c.epsilon > 0))
    return Status::error("epsilon must be a finite number > 0 (got " + shown(c.epsilon) + ")");
  return {};
}

Status validate(const DataConfig& c) {
  if (c.count != 0 && (c.count < 2 || c.count > Limits::max_points))
    return Status::error("count must be an integer from 2 to 100000 (got " + std::to_string(c.count) + ")");
  if (!(c.noise >= 0 && c.noise <= 0.5f))
    return Status::error("noise must be a number from 0 to 0.5 (got " + shown(c.noise) + ")");
  if (!(c.train_ratio > 0 && c.train_ratio <= 1))
    return Status::error("trainRatio must be a number in (0, 1] (got " + shown(c.train_ratio) + ")");
  if (c.features.empty()) return Status::error("features must name at least one input feature");
  if (c.classes < 2 || c.classes > Limits::max_classes)
    return Status::error("classes must be an integer from 2 to 10 (got " + std::to_string(c.classes) + ")");
  const bool many = c.name == DatasetName::spiral || c.name == DatasetName::blobs ||
                    (c.name == DatasetName::custom && c.problem == Problem::classification);
  if (c.classes != 2 && !many)
    return Status::error("classes is 2 for the " + std::string(name_of(c.name)) +
                         " data set; spiral, blobs and custom points take 2 to 10 (got " + std::to_string(c.classes) + ")");
  for (std::size_t i = 0; i < c.features.size(); ++i) {
    for (std::size_t j = 0; j < i; ++j) {
      if (c.features[i] == c.features[j])
        return Status::error("features lists '" + std::string(name_of(c.features[i])) + "' twice");
    }
  }
  if (c.name == DatasetName::custom) {
    if (c.points.size() < 2 || c.points.size() > static_cast<std::size_t>(Limits::max_points))
      return Status::error("points must hold 2 to 100000 points for the custom data set (got " +
                           std::to_string(c.points.size()) + ")");
    for (std::size_t i = 0; i < c.points.size(); ++i) {
      const Point& p = c.points[i];
      const std::string where = "points[" + std::to_string(i) + "]";
      for (auto [axis, v] : {std::pair<const char*, float>{"x", p.x}, {"y", p.y}}) {
        if (!(std::isfinite(v) && std::fabs(v) <= Limits::max_coordinate))
          return Status::error(where + "." + axis + " must be a finite number from -1000 to 1000 (got " +
                               shown(v) + ")");
      }
      if (c.problem == Problem::classification && c.classes > 2) {
        if (!(p.label >= 0 && p.label < static_cast<float>(c.classes) && p.label == std::floor(p.label)))
          return Status::error(where + ".label must be a class from 0 to " + std::to_string(c.classes - 1) + " (got " +
                               shown(p.label) + ")");
      } else if (c.problem == Problem::classification) {
        if (!(p.label == -1 || p.label == 0 || p.label == 1))
          return Status::error(where + ".label must be -1 or 0 (negative class) or 1 (positive class) (got " +
                               shown(p.label) + ")");
      } else if (!(std::isfinite(p.label) && std::fabs(p.label) <= Limits::max_coordinate)) {
        return Status::error(where + ".label must be a finite number from -1000 to 1000 (got " +
                             shown(p.label) + ")");
      }
    }
  } else if (!c.points.empty()) {
    return Status::error("points are only read when name is 'custom'");
  }
  return {};
}

Result<NetworkConfig> parse_network_config(std::string_view text) {
  auto parsed = parse_object(text, "the network config");
  if (!parsed.ok()) return parsed.status();
  const json& j = parsed.value();
  NetworkConfig c;
  Reader r;
  r.only_known(j,
               {"layers", "activation", "output", "loss", "init", "optimizer", "learningRate",
                "batchSize", "regularization", "regularizationRate", "momentum", "rho", "beta1",
                "beta2", "epsilon", "seed"},
               "the network config");
  if (j.contains("layers") && r.status.ok()) {
    const json& layers = j["layers"];
    if (!layers.is_array() || layers.size() < 2 || layers.size() > Limits::max_hidden_layers + 2) {
      r.fail("layers must be an array of 2 to 18 widths: input, 0 to 16 hidden layers, output (got " +
             shown(layers) + ")");
    } else {
      c.layers.assign(layers.size(), 0);
      for (std::size_t i = 0; i < layers.size() && r.status.ok(); ++i)
        r.integer(layers[i], "layers[" + std::to_string(i) + "]", 1, Limits::max_width, c.layers[i]);
    }
  }
  const std::size_t hidden = c.layers.size() >= 2 ? c.layers.size() - 2 : 0;
  c.activations.assign(hidden, Activation::tanh);
  if (j.contains("activation") && r.status.ok()) {
    const json& a = j["activation"];
    if (a.is_array()) {
      if (a.size() != hidden) {
        r.fail("activation must give one name per hidden layer (" + std::to_string(hidden) + "), got " +
               std::to_string(a.size()));
      }
      for (std::size_t i = 0; i < a.size() && r.status.ok(); ++i)
        r.name(a[i], "activation[" + std::to_string(i) + "]", activation_names, c.activations[i],
               is_hidden_activation);
    } else {
      Activation all = Activation::tanh;
      if (r.name(a, "activation", activation_names, all, is_hidden_activation))
        c.activations.assign(hidden, all);
    }
  }
  auto field = [&](const char* key) -> const json* {
    return r.status.ok() && j.contains(key) ? &j[key] : nullptr;
  };
  if (auto v = field("output")) r.name(*v, "output", activation_names, c.output, is_output_activation);
  if (auto v = field("loss")) r.name(*v, "loss", loss_names, c.loss);
  if (auto v = field("init")) r.name(*v, "init", init_names, c.init);
  if (auto v = field("optimizer")) r.name(*v, "optimizer", optimizer_names, c.optimizer);
  if (auto v = field("regularization")) r.name(*v, "regularization", regularization_names, c.regularization);
  if (auto v = field("learningRate"))
    r.number(*v, "learningRate", 0, float_max, Reader::Ends::open_low, c.learning_rate, "> 0 and finite");
  if (auto v = field("batchSize")) r.integer(*v, "batchSize", 1, Limits::max_batch_size, c.batch_size);
  if (auto v = field("regularizationRate"))
    r.number(*v, "regularizationRate", 0, float_max, Reader::Ends::closed, c.regularization_rate, ">= 0 and finite");
  if (auto v = field("momentum")) r.number(*v, "momentum", 0, 1, Reader::Ends::open_high, c.momentum, "in [0, 1)");
  if (auto v = field("rho")) r.number(*v, "rho", 0, 1, Reader::Ends::open_high, c.rho, "in [0, 1)");
  if (auto v = field("beta1")) r.number(*v, "beta1", 0, 1, Reader::Ends::open_high, c.beta1, "in [0, 1)");
  if (auto v = field("beta2")) r.number(*v, "beta2", 0, 1, Reader::Ends::open_high, c.beta2, "in [0, 1)");
  if (auto v = field("epsilon")) r.number(*v, "epsilon", 0, float_max, Reader::Ends::open_low, c.epsilon, "> 0 and finite");
  if (auto v = field("seed")) r.integer(*v, "seed", 0, 4294967295.0, c.seed);
  if (!r.status.ok()) return r.status;
  if (Status s = validate(c); !s.ok()) return s;
  return c;
}

Result<DataConfig> parse_data_config(std::string_view text) {
  auto parsed = parse_object(text, "the data config");
  if (!parsed.ok()) return parsed.status();
  const json& j = parsed.value();
  DataConfig c;
  Reader r;
  r.only_known(j, {"name", "count", "noise", "trainRatio", "seed", "classes", "features", "problem", "points"},
               "the data config");
  auto field = [&](const char* key) -> const json* {
    return r.status.ok() && j.contains(key) ? &j[key] : nullptr;
  };
  if (auto v = field("name")) r.name(*v, "name", dataset_names, c.name);
  c.problem = problem_of(c.name);
  if (auto v = field("count")) r.integer(*v, "count", 2, Limits::max_points, c.count);
  if (auto v = field("noise")) r.number(*v, "noise", 0, 0.5, Reader::Ends::closed, c.noise, "from 0 to 0.5");
  if (auto v = field("trainRatio")) r.number(*v, "trainRatio", 0, 1, Reader::Ends::open_low, c.train_ratio, "in (0, 1]");
  if (auto v = field("seed")) r.integer(*v, "seed", 0, 4294967295.0, c.seed);
  if (auto v = field("classes")) r.integer(*v, "classes", 2, Limits::max_classes, c.classes);
  if (auto v = field("problem")) r.name(*v, "problem", problem_names, c.problem);
  if (auto v = field("features")) {
    if (!v->is_array() || v->empty() || v->size() > feature_names.size()) {
      r.fail("features must be an array of 1 to 7 of " + list_names(feature_names) + " (got " + shown(*v) + ")");
    } else {
      c.features.assign(v->size(), Feature::x);
      for (std::size_t i = 0; i < v->size() && r.status.ok(); ++i)
        r.name((*v)[i], "features[" + std::to_string(i) + "]", feature_names, c.features[i]);
    }
  }
  if (auto v = field("points")) {
    if (!v->is_array()) {
      r.fail("points must be an array of [x, y, label] triples (got " + shown(*v) + ")");
    } else {
      c.points.resize(v->size());
      for (std::size_t i = 0; i < v->size() && r.status.ok(); ++i) {
        const json& p = (*v)[i];
        const std::string where = "points[" + std::to_string(i) + "]";
        if (!p.is_array() || p.size() != 3) {
          r.fail(where + " must be an [x, y, label] triple (got " + shown(p) + ")");
          break;
        }
        r.number(p[0], where + ".x", -Limits::max_coordinate, Limits::max_coordinate, Reader::Ends::closed,
                 c.points[i].x, "from -1000 to 1000");
        r.number(p[1], where + ".y", -Limits::max_coordinate, Limits::max_coordinate, Reader::Ends::closed,
                 c.points[i].y, "from -1000 to 1000");
        r.number(p[2], where + ".label", -Limits::max_coordinate, Limits::max_coordinate, Reader::Ends::closed,
                 c.points[i].label, "from -1000 to 1000");
      }
    }
  }
  if (!r.status.ok()) return r.status;
  if (Status s = validate(c); !s.ok()) return s;
  return c;
}

// The double nearest to the shortest decimal that reads back as f: 0.3f is written 0.3, not
// 0.30000001192092896, so a config shows the numbers the user typed.
double tidy(float f) {
  char text[32];
  for (int digits = 6; digits < 9; ++digits) {
    std::snprintf(text, sizeof text, "%.*g", digits, static_cast<double>(f));
    if (std::strtof(text, nullptr) == f) return std::strtod(text, nullptr);
  }
  return static_cast<double>(f);  // 9 significant digits always read back exactly
}

std::string to_json(const NetworkConfig& c) {
  json j;
  j["layers"] = c.layers;
  j["activation"] = json::array();
  for (Activation a : c.activations) j["activation"].push_back(name_of(a));
  j["output"] = name_of(c.output);
  j["loss"] = name_of(c.loss);
  j["init"] = name_of(c.init);
  j["optimizer"] = name_of(c.optimizer);
  j["learningRate"] = tidy(c.learning_rate);
  j["batchSize"] = c.batch_size;
  j["regularization"] = name_of(c.regularization);
  j["regularizationRate"] = tidy(c.regularization_rate);
  j["momentum"] = tidy(c.momentum);
  j["rho"] = tidy(c.rho);
  j["beta1"] = tidy(c.beta1);
  j["beta2"] = tidy(c.beta2);
  j["epsilon"] = tidy(c.epsilon);
  j["seed"] = c.seed;
  return j.dump();
}

std::string to_json(const DataConfig& c) {
  json j;
  j["name"] = name_of(c.name);
  if (c.count != 0) j["count"] = c.count;  // 0: the set's default, written by omission
  j["noise"] = tidy(c.noise);
  j["trainRatio"] = tidy(c.train_ratio);
  j["seed"] = c.seed;
  if (c.classes != 2) j["classes"] = c.classes;  // 2, the default, by omission
  j["features"] = json::array();
  for (Feature f : c.features) j["features"].push_back(name_of(f));
  j["problem"] = name_of(c.problem);
  if (c.name == DatasetName::custom) {
    j["points"] = json::array();
    for (const Point& p : c.points) j["points"].push_back({tidy(p.x), tidy(p.y), tidy(p.label)});
  }
  return j.dump();
}

}  // namespace bp
