// Many classes: the spiral's K arms and K Gaussian blobs labelled 0 .. K - 1, custom points of
// K classes, what refuses a wrong class count or label, and a K-class session (one-hot targets,
// accuracy by the largest output) that learns the 3-arm spiral.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "config.hpp"
#include "data.hpp"
#include "session.hpp"

namespace {

using bp::DatasetName;

bp::DataConfig many(DatasetName name, int classes, float noise = 0.0f) {
  bp::DataConfig c;
  c.name = name;
  c.classes = classes;
  c.noise = noise;
  c.seed = 3;
  return c;
}

std::vector<bp::Point> points_of(const bp::DataConfig& c) {
  auto d = bp::make_dataset(c);
  INFO((d.ok() ? std::string() : d.message()));
  REQUIRE(d.ok());
  REQUIRE(d->classes == c.classes);
  std::vector<bp::Point> all = d->train_points;
  all.insert(all.end(), d->test_points.begin(), d->test_points.end());
  return all;
}

std::string message_of(const bp::Status& s) { return s.ok() ? "ok" : s.message(); }

}  // namespace

TEST_CASE("many classes: spiral and blobs label K equal classes 0 .. K - 1", "[data]") {
  for (DatasetName name : {DatasetName::spiral, DatasetName::blobs}) {
    for (int k : {3, 5, 10}) {
      const auto points = points_of(many(name, k));
      REQUIRE(points.size() == static_cast<std::size_t>(500 / k * k));
      std::vector<int> count(static_cast<std::size_t>(k));
      for (const bp::Point& p : points) {
        REQUIRE(p.label == std::floor(p.label));
        REQUIRE(p.label >= 0);
        REQUIRE(p.label < k);
        ++count[static_cast<std::size_t>(p.label)];
      }
      for (int n : count) CHECK(n == 500 / k);
    }
  }
}

TEST_CASE("many classes: each blob centres on its point of the circle of radius 4", "[data]") {
  const int k = 5;
  const auto points = points_of(many(DatasetName::blobs, k));
  for (int c = 0; c < k; ++c) {
    double sx = 0, sy = 0;
    int n = 0;
    for (const bp::Point& p : points) {
      if (p.label != static_cast<float>(c)) continue;
      sx += p.x;
      sy += p.y;
      ++n;
    }
    const double angle = 2 * 3.14159265358979 * c / k;
    // 100 points of standard deviation √0.5: the mean is within 0.3 of the centre by far.
    CHECK(std::fabs(sx / n - 4 * std::sin(angle)) < 0.3);
    CHECK(std::fabs(sy / n - 4 * std::cos(angle)) < 0.3);
  }
}

TEST_CASE("many classes: the spiral's arms are the two-arm spiral's, turned 2π/K apart", "[data]") {
  // Without noise, arm k's i-th point is the first arm's turned by 2πk/K: the same radius.
  const auto points = points_of(many(DatasetName::spiral, 3));
  for (const bp::Point& p : points) CHECK(std::sqrt(p.x * p.x + p.y * p.y) <= 5.0f + 1e-4f);
  // Two classes are still labelled ±1, point for point as before.
  for (const bp::Point& p : points_of(many(DatasetName::spiral, 2))) CHECK((p.label == 1.0f || p.label == -1.0f));
}

TEST_CASE("many classes: wrong class counts and labels are named", "[bad-input]") {
  CHECK(message_of(bp::validate(many(DatasetName::spiral, 1))) == "classes must be an integer from 2 to 10 (got 1)");
  CHECK(message_of(bp::validate(many(DatasetName::spiral, 11))) == "classes must be an integer from 2 to 10 (got 11)");
  CHECK(message_of(bp::validate(many(DatasetName::circle, 3))).find("classes is 2 for the circle data set") == 0);
  bp::DataConfig custom = many(DatasetName::custom, 3);
  custom.points = {{0, 0, 0}, {1, 1, 2}, {2, 2, 3}};
  CHECK(message_of(bp::validate(custom)) == "points[2].label must be a class from 0 to 2 (got 3)");
  custom.points[2].label = 1.5f;
  CHECK(message_of(bp::validate(custom)) == "points[2].label must be a class from 0 to 2 (got 1.5)");
  custom.points[2].label = 1;
  CHECK(bp::validate(custom).ok());
  auto parsed = bp::parse_data_config(R"({"name": "blobs", "classes": 4})");
  REQUIRE(parsed.ok());
  CHECK(parsed->classes == 4);
  CHECK(bp::to_json(*parsed).find("\"classes\":4") != std::string::npos);
  auto again = bp::parse_data_config(bp::to_json(*parsed));
  REQUIRE(again.ok());
  CHECK(again->classes == 4);
  CHECK(message_of(bp::parse_data_config(R"({"name": "spiral", "classes": 2.5})").status()).find("classes") == 0);
}

TEST_CASE("many classes: a session needs one output per class and refuses labels that are not classes", "[session]") {
  auto data = bp::make_dataset(many(DatasetName::blobs, 4));
  REQUIRE(data.ok());
  bp::NetworkConfig net;
  net.layers = {2, 4, 3};
  net.activations = {bp::Activation::tanh};
  net.output = bp::Activation::softmax;
  net.loss = bp::Loss::softmax_cross_entropy;
  auto wrong = bp::Session::create(net, *data);
  REQUIRE_FALSE(wrong.ok());
  CHECK(wrong.message() == "the data has 4 classes: layers must end with 4 outputs, one per class (got 3)");
  bp::Dataset bad = *data;
  bad.test_targets[7] = 4;
  net.layers = {2, 4, 4};
  auto refused = bp::Session::create(net, bad);
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.message() == "the data's test example 7 has label 4, not a class from 0 to 3");
}

TEST_CASE("many classes: one-hot targets, and softmax-ce learns the 3-arm spiral", "[session]") {
  bp::DataConfig d = many(DatasetName::spiral, 3);
  d.features = {bp::Feature::x, bp::Feature::y, bp::Feature::sin_x, bp::Feature::sin_y};
  auto data = bp::make_dataset(d);
  REQUIRE(data.ok());
  bp::NetworkConfig net;
  net.layers = {4, 16, 16, 3};
  net.activations = {bp::Activation::tanh, bp::Activation::tanh};
  net.output = bp::Activation::softmax;
  net.loss = bp::Loss::softmax_cross_entropy;
  net.optimizer = bp::Optimizer::adam;
  net.learning_rate = 0.01f;
  net.init = bp::Init::glorot;
  auto created = bp::Session::create(net, *data);
  INFO((created.ok() ? std::string() : created.message()));
  REQUIRE(created.ok());
  bp::Session& s = **created;
  // The batch's target rows are one-hot at their points' labels (each row found by its x, y).
  s.train(1);
  const auto inputs = s.inputs(), targets = s.targets();
  REQUIRE(s.rows() == 10);
  for (int r = 0; r < s.rows(); ++r) {
    const auto point = std::find_if(data->train_points.begin(), data->train_points.end(), [&](const bp::Point& p) {
      return p.x == inputs(r, 0) && p.y == inputs(r, 1);
    });
    REQUIRE(point != data->train_points.end());
    for (int k = 0; k < 3; ++k) CHECK(targets(r, k) == (k == static_cast<int>(point->label) ? 1.0f : 0.0f));
  }
  s.train(25 * 300);  // 300 epochs of 25 batches of 10
  const bp::Metrics m = s.metrics();
  CHECK(m.train_accuracy > 0.9);
  CHECK(m.test_accuracy > 0.8);
}

TEST_CASE("many classes: the confusion counts equal an independent count of predict()'s classes", "[session]") {
  for (int k : {2, 4}) {
    auto data = bp::make_dataset(many(DatasetName::blobs, k, 0.3f));
    REQUIRE(data.ok());
    bp::NetworkConfig net;
    net.layers = {2, 5, k == 2 ? 1 : k};
    net.activations = {bp::Activation::tanh};
    if (k > 2) {
      net.output = bp::Activation::softmax;
      net.loss = bp::Loss::softmax_cross_entropy;
    }
    auto created = bp::Session::create(net, *data);
    REQUIRE(created.ok());
    bp::Session& s = **created;
    s.train(40);
    const bp::Metrics m = s.metrics();
    const auto confusion = s.confusion();
    REQUIRE(confusion.shape()[0] == static_cast<std::size_t>(2 * k));
    REQUIRE(confusion.shape()[1] == static_cast<std::size_t>(k));
    const std::pair<const bp::Dataset*, bool> parts[] = {{&*data, true}, {&*data, false}};
    for (auto [d, train] : parts) {
      const auto& points = train ? d->train_points : d->test_points;
      const auto& inputs = train ? d->train_inputs : d->test_inputs;
      const int count = static_cast<int>(points.size());
      std::vector<float> out(static_cast<std::size_t>(count * net.layers.back()));
      REQUIRE(s.predict(inputs.data(), count, out.data(), out.size()).ok());
      std::vector<int> expected(static_cast<std::size_t>(k * k));
      int correct = 0;
      for (int r = 0; r < count; ++r) {
        const int truth = k == 2 ? (points[r].label > 0 ? 1 : 0) : static_cast<int>(points[r].label);
        int predicted = 0;
        if (k == 2) {
          predicted = out[r] >= 0 ? 1 : 0;  // a tanh output: class 1 at or above 0
        } else {
          for (int j = 1; j < k; ++j)
            if (out[r * k + j] > out[r * k + predicted]) predicted = j;
        }
        ++expected[static_cast<std::size_t>(truth * k + predicted)];
        correct += truth == predicted;
      }
      const std::size_t base = train ? 0 : static_cast<std::size_t>(k);
      for (int t = 0; t < k; ++t)
        for (int p = 0; p < k; ++p) CHECK(confusion(base + t, p) == static_cast<float>(expected[t * k + p]));
      CHECK(static_cast<double>(correct) / count == Approx(train ? m.train_accuracy : m.test_accuracy));
    }
  }
}

TEST_CASE("predict refuses bad arguments; regression has no confusion", "[bad-input]") {
  auto data = bp::make_dataset(many(DatasetName::blobs, 3));
  REQUIRE(data.ok());
  bp::NetworkConfig net;
  net.layers = {2, 3};
  net.activations = {};
  net.output = bp::Activation::softmax;
  net.loss = bp::Loss::softmax_cross_entropy;
  auto created = bp::Session::create(net, *data);
  REQUIRE(created.ok());
  std::vector<float> out(6);
  const float inputs[] = {1, 2, 3, NAN};
  CHECK(message_of((*created)->predict(inputs, 0, out.data(), out.size())) == "predict needs at least one example (got 0)");
  CHECK(message_of((*created)->predict(inputs, 3, out.data(), out.size())).find("buffer holds 6 floats") != std::string::npos);
  CHECK(message_of((*created)->predict(inputs, 2, out.data(), out.size())).find("input") != std::string::npos);
  CHECK((*created)->predict(inputs, 1, out.data(), out.size()).ok());
  bp::DataConfig plane;
  plane.name = DatasetName::plane;
  auto reg = bp::Session::create(bp::NetworkConfig{}, *bp::make_dataset(plane));
  REQUIRE(reg.ok());
  (*reg)->metrics();
  CHECK((*reg)->confusion().size() == 0);
}
