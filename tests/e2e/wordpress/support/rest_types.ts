/** The few fields of WordPress REST API objects the steps read. */

/** A post, page or revision from /wp/v2/posts, /wp/v2/pages or .../revisions. */
export interface RestPost {
  id: number;
  link: string;
  status: string;
  slug: string;
  date: string;
  parent?: number;
  title: { rendered: string; raw?: string };
  content: { rendered: string; raw?: string };
  categories?: number[];
  tags?: number[];
  featured_media?: number;
}

/** A category or tag from /wp/v2/categories or /wp/v2/tags. */
export interface RestTerm {
  id: number;
  name: string;
  slug: string;
  link: string;
  count: number;
}

/** A user from /wp/v2/users (context=edit). */
export interface RestUser {
  id: number;
  name: string;
  slug: string;
  description: string;
  first_name?: string;
  roles?: string[];
}

/** An attachment from /wp/v2/media. */
export interface RestMedia {
  id: number;
  source_url: string;
  media_details: { width?: number; height?: number; sizes?: Record<string, unknown> };
}

/** What a step keeps about a post it created. */
export interface PostRecord {
  id: number;
  title: string;
  link: string;
  /** "YYYY-MM" of the post date. */
  month: string;
}
