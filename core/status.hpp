// Errors as values. Nothing in the engine throws or aborts on bad input: every function that
// can refuse returns a Status (or a Result<T>) whose message names the offending field and
// the allowed range, so the WebAssembly boundary can turn it into a JS Error.
#pragma once

#include <string>
#include <utility>
#include <variant>

namespace bp {

/// Success, or the reason for a refusal in words a user can act on.
class Status {
 public:
  Status() = default;
  static Status error(std::string message) { return Status(std::move(message)); }

  bool ok() const { return message_.empty(); }
  const std::string& message() const { return message_; }

 private:
  explicit Status(std::string message) : message_(std::move(message)) {
    if (message_.empty()) message_ = "unknown error";
  }
  std::string message_;
};

/// A value, or the Status that explains why there is none.
template <class T>
class Result {
 public:
  Result(T value) : state_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Status status) : state_(std::move(status)) {}  // NOLINT

  bool ok() const { return std::holds_alternative<T>(state_); }
  const std::string& message() const { return std::get<Status>(state_).message(); }
  Status status() const { return ok() ? Status() : std::get<Status>(state_); }
  T& value() { return std::get<T>(state_); }
  const T& value() const { return std::get<T>(state_); }
  T& operator*() { return value(); }
  T* operator->() { return &value(); }

 private:
  std::variant<T, Status> state_;
};

}  // namespace bp
