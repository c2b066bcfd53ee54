import { Anchor, Badge } from "@mantine/core";
import { Link } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import { useUnreadCount } from "../api/hooks.js";

/** In the header: the unread count, leading to the notifications page. */
export function NotificationBell() {
  const { t } = useTranslation();
  const count = useUnreadCount();
  const unread = count.data ?? 0;
  return (
    <Anchor
      component={Link}
      to="/notifications"
      c="white"
      size="sm"
      aria-label={t("notifications.bell", { count: unread })}
      data-testid="notification-bell"
    >
      <span aria-hidden="true">🔔</span>{" "}
      <Badge
        color={unread > 0 ? "red" : "gray"}
        variant="filled"
        size="sm"
        data-testid="unread-count"
        data-loaded={count.isSuccess ? "true" : undefined}
      >
        {unread}
      </Badge>
    </Anchor>
  );
}
