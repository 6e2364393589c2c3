// Messages quote what the user gave (issue 10, points 6 and 12): numbers with the digits they
// were written with, NaN and infinities by name, huge and deep values as a bounded excerpt,
// and JSON nested too deep refused before it reaches the JSON library.
#include <catch2/catch.hpp>

#include <limits>
#include <string>

#include "config.hpp"
#include "data.hpp"

namespace {

std::string network_message(const std::string& json) {
  auto result = bp::parse_network_config(json);
  REQUIRE_FALSE(result.ok());
  return result.message();
}

std::string data_message(const std::string& json) {
  auto result = bp::parse_data_config(json);
  REQUIRE_FALSE(result.ok());
  return result.message();
}

std::string nested(int depth) { return std::string(depth, '[') + std::string(depth, ']'); }

}  // namespace

TEST_CASE("messages: a number that a float holds as another value is quoted as given", "[bad-input]") {
  CHECK(network_message(R"({"learningRate": 1e-50})") ==
        "learningRate must be a number > 0 and finite (got 1e-50, which a 32-bit float holds as 0)");
  CHECK(network_message(R"({"beta2": 0.99999999})") ==
        "beta2 must be a number in [0, 1) (got 0.99999999, which a 32-bit float holds as 1)");
  CHECK_THAT(network_message(R"({"epsilon": 1e-46})"), Catch::Contains("got 1e-46, which a 32-bit float holds as 0"));
  CHECK_THAT(data_message(R"({"noise": 0.50000001})"), Catch::Contains("got 0.50000001"));
}

TEST_CASE("messages: numbers keep their digits, integers are not wrapped", "[bad-input]") {
  CHECK_THAT(network_message(R"({"layers": [4294967298, 1]})"), Catch::Contains("(got 4294967298)"));
  CHECK_THAT(network_message(R"({"seed": 4294967298})"), Catch::Contains("(got 4294967298)"));
  CHECK_THAT(network_message(R"({"batchSize": 18446744073709551615})"), Catch::Contains("(got 18446744073709551615)"));
  CHECK_THAT(network_message(R"({"momentum": 1.0000000000000002})"), Catch::Contains("(got 1.0000000000000002)"));
  CHECK_THAT(network_message(R"({"learningRate": -0.1})"), Catch::Contains("(got -0.1)"));
  CHECK_THAT(data_message(R"({"count": 1e300})"), Catch::Contains("(got 1e+300)"));
}

TEST_CASE("messages: number_text writes the shortest decimal that reads back", "[bad-input]") {
  CHECK(bp::number_text(1e-50) == "1e-50");
  CHECK(bp::number_text(1e-7) == "1e-7");
  CHECK(bp::number_text(1e300) == "1e+300");
  CHECK(bp::number_text(0.1 + 0.2) == "0.30000000000000004");
  CHECK(bp::number_text(4294967298.0) == "4294967298");
  CHECK(bp::number_text(0.3f) == "0.3");
  CHECK(bp::number_text(1e-45f) == "1e-45");
  CHECK(bp::number_text(-0.0) == "-0");
  CHECK(bp::number_text(std::numeric_limits<double>::quiet_NaN()) == "NaN");
  CHECK(bp::number_text(-std::numeric_limits<float>::infinity()) == "-Infinity");
}

TEST_CASE("messages: a trainRatio too small for the points is quoted as given", "[bad-input]") {
  bp::DataConfig config;
  config.count = 2;
  config.train_ratio = 1e-7f;  // std::to_string wrote 0.000000
  auto data = bp::make_dataset(config);
  REQUIRE_FALSE(data.ok());
  CHECK_THAT(data.message(), Catch::StartsWith("trainRatio 1e-7 of 2 points"));
}

TEST_CASE("messages: validate names NaN and infinities", "[bad-input]") {
  bp::NetworkConfig config;
  config.learning_rate = std::numeric_limits<float>::quiet_NaN();
  CHECK_THAT(bp::validate(config).message(), Catch::Contains("(got NaN)"));
  config = {};
  config.epsilon = std::numeric_limits<float>::infinity();
  CHECK_THAT(bp::validate(config).message(), Catch::Contains("(got Infinity)"));
  config = {};
  config.learning_rate = 0.3f;  // a float shown by its shortest decimal, not 0.300000012
  config.momentum = 1.5f;
  CHECK_THAT(bp::validate(config).message(), Catch::Contains("(got 1.5)"));
  bp::DataConfig data;
  data.noise = -std::numeric_limits<float>::infinity();
  CHECK_THAT(bp::validate(data).message(), Catch::Contains("(got -Infinity)"));
}

TEST_CASE("messages: a huge value is quoted as a short excerpt", "[bad-input]") {
  std::string layers = "[";
  for (int i = 0; i < 100000; ++i) layers += (i ? ",2" : "2");
  layers += "]";
  const std::string message = network_message(R"({"layers": )" + layers + "}");
  CHECK_THAT(message, Catch::Contains("(got [2,2,2,"));
  CHECK_THAT(message, Catch::Contains("...)"));
  CHECK(message.size() < 200);
  const std::string key(100000, 'k');
  CHECK(network_message("{\"" + key + "\": 1}").size() < 300);
  CHECK(data_message(R"({"name": ")" + std::string(100000, 'x') + "\"}").size() < 300);
  // A string cut inside a UTF-8 sequence is still quoted, never a crash.
  std::string accents;
  for (int i = 0; i < 50; ++i) accents += "\xc3\xa9";
  CHECK_THAT(data_message(R"({"name": "x)" + accents + "\"}"), Catch::Contains("must be one of"));
}

TEST_CASE("messages: JSON nested too deep is refused before parsing", "[bad-input]") {
  CHECK(network_message(R"({"layers": )" + nested(60000) + "}") ==
        "the network config nests arrays and objects more than 64 levels deep");
  CHECK_THAT(data_message(R"({"points": )" + nested(65) + "}"), Catch::Contains("more than 64 levels deep"));
  // 64 levels are read (and refused for what they hold, with a short excerpt).
  const std::string message = data_message(R"({"points": )" + nested(63) + "}");
  CHECK_THAT(message, Catch::Contains("points[0]"));
  CHECK(message.size() < 200);
  // Brackets inside strings are text, not nesting.
  CHECK_THAT(network_message(R"({"activation": ")" + std::string(1000, '[') + "\"}"),
             Catch::Contains("activation must be one of"));
  const char* four_levels = R"(["\"[[[", {"a": [[]]}])";
  CHECK(bp::check_json_depth(four_levels, 4, "x").ok());
  CHECK(bp::check_json_depth(four_levels, 3, "the text").message() == "the text nests arrays and objects more than 3 levels deep");
}
