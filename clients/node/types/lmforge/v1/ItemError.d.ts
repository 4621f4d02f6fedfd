/**
 * An error attached to one item of a batched request (for example one text of
 * a Classify call), so that one bad item does not fail its neighbours.
 */
export interface ItemError {
    /**
     * The canonical gRPC status code (google.rpc.Code) that the item would have
     * failed with on its own, e.g. 3 for INVALID_ARGUMENT.
     */
    'code'?: (number);
    /**
     * A message a person can act on.
     */
    'message'?: (string);
}
/**
 * An error attached to one item of a batched request (for example one text of
 * a Classify call), so that one bad item does not fail its neighbours.
 */
export interface ItemError__Output {
    /**
     * The canonical gRPC status code (google.rpc.Code) that the item would have
     * failed with on its own, e.g. 3 for INVALID_ARGUMENT.
     */
    'code': (number);
    /**
     * A message a person can act on.
     */
    'message': (string);
}
