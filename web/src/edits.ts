// Changes to the session made by hand, off the playing loop: one parameter or all of them set,
// one example traced forward and backward (the step-through), its update applied, a parameter's
// gradient by finite differences. Each reaches the engine through the trainer (after any restore
// of a restarted worker), and every change of the weights is drawn again.
import type { ExampleTrace, Method, SessionArgs, UpdateTrace, WorkerApi } from './engine/protocol';

/** What the trainer lends the edits. */
export interface EditHost {
  /** A call for this session (its id is added), once any restore after a restart is over. */
  call<M extends Method>(method: M, ...args: SessionArgs<M>): Promise<ReturnType<WorkerApi[M]>>;
  /** A fresh frame of the session's weights at full detail (no step), to every listener. */
  redraw(): Promise<void>;
  pause(): void;
  /** Stops training and names the error (an engine that stopped speaks for itself). */
  fail(error: unknown): void;
}

export class Edits {
  #host: EditHost;

  constructor(host: EditHost) {
    this.#host = host;
  }

  /** Sets one parameter (flat index into [W0 b0 W1 b1 ...]) and redraws; an error is named, not thrown. */
  async setParameter(index: number, value: number): Promise<void> {
    try {
      await this.#host.call('setParameter', index, value);
      await this.#host.redraw();
    } catch (error) {
      this.#host.fail(error);
    }
  }

  /** Every parameter at once and redraws; an error is named and thrown. */
  async setParameters(values: number[]): Promise<void> {
    try {
      await this.#host.call('setParameters', values);
      await this.#host.redraw();
    } catch (error) {
      this.#host.fail(error);
      throw error;
    }
  }

  /** One example forward and backward, every intermediate copied; pauses training first. */
  async trace(input: number[], target: number[]): Promise<ExampleTrace> {
    this.#host.pause();
    return this.#host.call('trace', input, target);
  }

  /** The optimizer's update from the last trace's gradients; listeners get the new weights. */
  async applyTraceUpdate(input: number[], target: number[]): Promise<UpdateTrace> {
    const update = await this.#host.call('updateFromTrace', input, target);
    await this.#host.redraw();
    return update;
  }

  /** The network's outputs for rows of inputs, (rows, outputs): which points it gets right. */
  predict(inputs: Float32Array): Promise<Float32Array> {
    return this.#host.call('predict', inputs);
  }

  /** The gradient to the input of each point's own loss, ∂L_r/∂(x_r, y_r): (points, 2). */
  pointGradients(points: Float32Array, targets: Float32Array): Promise<Float32Array> {
    return this.#host.call('pointGradients', points, targets);
  }

  /** The gradient to the input of each row's own loss, ∂L_r/∂x_r: (rows, inputs) (a digit's pixels). */
  inputGradients(inputs: Float32Array, targets: Float32Array): Promise<Float32Array> {
    return this.#host.call('inputGradients', inputs, targets);
  }

  /** ∂L/∂θ[index] by central differences over the given rows (the gradient check). */
  numericalGradient(index: number, inputs: number[], targets: number[]): Promise<number> {
    return this.#host.call('numericalGradient', index, inputs, targets);
  }
}
