// Gradient descent and its refinements, each one loop over a flat run of parameters.
#pragma once

#include "config.hpp"

namespace bp {

/// Σ R(w) over n weights: R(w) = |w| (L1) or ½ w² (L2); 0 for none.
double regularization_penalty(const float* w, int n, Regularization r);

/// R'(w): sign(w) (L1, 0 at 0) or w (L2); 0 for none.
inline float regularization_derivative(float w, Regularization r) {
  switch (r) {
    case Regularization::l1: return w > 0.0f ? 1.0f : (w < 0.0f ? -1.0f : 0.0f);
    case Regularization::l2: return w;
    case Regularization::none: break;
  }
  return 0.0f;
}

/// Where an update reads and writes. moment1/moment2 are the optimizer's state, each the
/// size of the parameters: momentum's velocity v; RMSProp's mean square s; Adam's m and v.
struct UpdateRun {
  float* theta;
  const float* grad;  // ∂L_data/∂θ, averaged over the batch
  float* moment1;
  float* moment2;
  int n;
  bool regularized;   // weights yes, biases no (as TensorFlow Playground)
};

/// One step of the configured optimizer, with g = grad + λ R'(θ) for regularized runs:
///   sgd:      θ -= η g
///   momentum: v = μ v + g;                  θ -= η v
///   rmsprop:  s = ρ s + (1 - ρ) g²;         θ -= η g / (√s + ε)
///   adam:     m = β1 m + (1 - β1) g;  v = β2 v + (1 - β2) g²;
///             θ -= η (m / (1 - β1^t)) / (√(v / (1 - β2^t)) + ε)
/// `step` is t, counted from 1; beta1_power and beta2_power are β1^t and β2^t.
void optimizer_update(const UpdateRun& run, const NetworkConfig& config, float beta1_power, float beta2_power);

}  // namespace bp
