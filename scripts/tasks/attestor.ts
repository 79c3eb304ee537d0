/** `attestor ...`: Galeon's swarm-learning coordinator signs quotes and prepares its rotation. */
export const attestorTasks = [];
