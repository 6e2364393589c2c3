// The layers of a fully connected network as forward/backward pairs of free functions over
// flat row-major buffers. Argument order: outputs first, then inputs and weights, then sizes.
// Gradients are named d_<name>. Backward passes accumulate weight gradients (+=); the
// session clears them once per step.
//
// Each kernel the session runs has its plain-loop twin, <name>_naive, the reference the tests
// compare against. The fast ones use explicit SIMD (core/simd.hpp) and give the same bits on
// every platform: each vector lane computes one output element with the naive loop's
// operations in the naive loop's order (no sum is split into partial sums).
#pragma once

#include "config.hpp"

namespace bp {

/// Leaky ReLU's slope for z < 0.
constexpr float leaky_relu_slope = 0.01f;

// ---- dense layer: z = a_prev · Wᵀ + b ----------------------------------------------------

/// z is (rows, out_dim), in is (rows, in_dim), w_t is Wᵀ: (in_dim, out_dim), b is (out_dim).
/// z[r, o] = (Σ_i in[r, i] w_t[i, o]) + b[o], the sum in i order from 0, as dense_forward_naive.
void dense_forward(float* z, const float* in, const float* w_t, const float* b, int rows, int in_dim,
                   int out_dim);

/// The reference: as dense_forward, with w (out_dim, in_dim) as stored in the parameters.
/// z[r, o] = (Σ_i in[r, i] w[o, i]) + b[o]
void dense_forward_naive(float* z, const float* in, const float* w, const float* b, int rows, int in_dim,
                         int out_dim);

/// Given d_z = ∂L/∂z (rows, out_dim) and w (out_dim, in_dim):
///   d_w (out_dim, in_dim) += d_zᵀ · in     ∂L/∂w[o, i] = Σ_r δ[r, o] a_prev[r, i]
///   d_b (out_dim)         += Σ_r d_z[r]    ∂L/∂b[o]    = Σ_r δ[r, o]
///   d_in (rows, in_dim)    = d_z · W       ∂L/∂a_prev  = Wᵀ δ   (skipped when d_in is null)
/// d_w and d_b may both be null (only δ travels down: the gradient to the input).
/// Every sum runs over r (or o) in increasing order, from 0 for d_in.
void dense_backward(float* d_in, float* d_w, float* d_b, const float* d_z, const float* in, const float* w,
                    int rows, int in_dim, int out_dim);

/// The reference for dense_backward.
void dense_backward_naive(float* d_in, float* d_w, float* d_b, const float* d_z, const float* in, const float* w,
                          int rows, int in_dim, int out_dim);

// ---- activation: a = f(z), elementwise (softmax: per row) --------------------------------

/// How exactly a forward pass computes tanh: as training does, or for pictures (tanh_display in
/// math.hpp, within 2e-6 and about half the cost; the other activations are the same either way).
enum class Accuracy { exact, display };

/// a and z are (rows, width); a may alias z.
void activation_forward(float* a, const float* z, int rows, int width, Activation f,
                        Accuracy accuracy = Accuracy::exact);

/// The reference for activation_forward.
void activation_forward_naive(float* a, const float* z, int rows, int width, Activation f,
                              Accuracy accuracy = Accuracy::exact);

/// d_z = f'(z) ⊙ d_a, using whichever of z and a = f(z) gives f' cheaply. d_z may alias d_a.
/// Not for softmax, whose Jacobian is not diagonal (see loss_backward).
void activation_backward(float* d_z, const float* d_a, const float* z, const float* a, int n, Activation f);

/// The reference for activation_backward.
void activation_backward_naive(float* d_z, const float* d_a, const float* z, const float* a, int n, Activation f);

/// f'(z) for one unit (a = f(z)), the factor the chain rule multiplies in at each neuron.
float activation_derivative(float z, float a, Activation f);

// ---- loss: L(a, t) per example, summed over output units --------------------------------

/// The sum over `rows` examples of the loss of each; z and a are the output layer's
/// pre-activations and activations, t the targets, all (rows, width).
///   mse:        ½ Σ_k (a_k - t_k)²
///   bce:        Σ_k -[t_k log a_k + (1 - t_k) log(1 - a_k)],  a = σ(z), computed from z
///   softmax-ce: -Σ_k t_k log a_k = Σ_k t_k (logsumexp(z) - z_k),  a = softmax(z)
double loss_forward(const float* z, const float* a, const float* t, int rows, int width, Loss loss);

/// δ = ∂L/∂z of each example (rows, width), the simplified stable forms:
///   mse:        δ = (a - t) ⊙ f'(z);   softmax output: δ_k = a_k (g_k - Σ_j a_j g_j), g = a - t
///   bce:        δ = a - t              (the σ' of the output cancels against the log)
///   softmax-ce: δ = a - t
void loss_backward(float* d_z, const float* z, const float* a, const float* t, int rows, int width, Loss loss,
                   Activation output);

}  // namespace bp
