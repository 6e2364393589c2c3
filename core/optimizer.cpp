#include "optimizer.hpp"

namespace bp {

double regularization_penalty(const float* w, int n, Regularization r) {
  double sum = 0.0;
  for (int i = 0; i < n; ++i) {
    switch (r) {
      case Regularization::l1: sum += w[i] < 0.0f ? -w[i] : w[i]; break;
      case Regularization::l2: sum += 0.5 * static_cast<double>(w[i]) * w[i]; break;
      case Regularization::none: break;
    }
  }
  return sum;
}

void optimizer_update(const UpdateRun& run, const NetworkConfig& c, float beta1_power, float beta2_power) {
  const float lr = c.learning_rate;
  const float lambda = run.regularized ? c.regularization_rate : 0.0f;
  const Regularization reg = c.regularization;
  float* theta = run.theta;
  float* m1 = run.moment1;
  float* m2 = run.moment2;
  auto gradient = [&](int i) { return run.grad[i] + lambda * regularization_derivative(theta[i], reg); };

  switch (c.optimizer) {
    case Optimizer::sgd:
      for (int i = 0; i < run.n; ++i) theta[i] -= lr * gradient(i);
      break;
    case Optimizer::momentum:
      for (int i = 0; i < run.n; ++i) {
        m1[i] = c.momentum * m1[i] + gradient(i);
        theta[i] -= lr * m1[i];
      }
      break;
    case Optimizer::rmsprop:
      for (int i = 0; i < run.n; ++i) {
        const float g = gradient(i);
        m2[i] = c.rho * m2[i] + (1.0f - c.rho) * g * g;
        theta[i] -= lr * g / (__builtin_sqrtf(m2[i]) + c.epsilon);
      }
      break;
    case Optimizer::adam: {
      const float correction1 = 1.0f - beta1_power;
      const float correction2 = 1.0f - beta2_power;
      for (int i = 0; i < run.n; ++i) {
        const float g = gradient(i);
        m1[i] = c.beta1 * m1[i] + (1.0f - c.beta1) * g;
        m2[i] = c.beta2 * m2[i] + (1.0f - c.beta2) * g * g;
        const float m_hat = m1[i] / correction1;
        const float v_hat = m2[i] / correction2;
        theta[i] -= lr * m_hat / (__builtin_sqrtf(v_hat) + c.epsilon);
      }
      break;
    }
  }
}

}  // namespace bp
