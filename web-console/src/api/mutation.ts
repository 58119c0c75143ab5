/** What a page adds to a mutation hook of src/api: its own reaction after the hook has updated the cache. */
export interface MutationCallbacks<TData, TVars> {
  onSuccess?: (data: TData, vars: TVars) => void;
  onError?: (err: Error, vars: TVars) => void;
  onMutate?: (vars: TVars) => void;
  onSettled?: () => void;
}
